// dq_writer_compare STORE [SPANS]: the bot's span writer (SpanQueue, batches of its default size, its own
// thread) draining SPANS spans (default 200,000: turns of a root and 5 steps, one an LLM call) into the store
// STORE names (a file or a postgresql:// URI). Prints spans per second from the first submit to the last
// span written, and the spans written and failed. scripts/bench runs it on both backends in one run.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "bot/core/ids.hpp"
#include "bot/store/open_trace_store.hpp"
#include "bot/trace/span_queue.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: dq_writer_compare STORE [SPANS]\n");
    return 2;
  }
  const long long total = argc > 2 ? std::atoll(argv[2]) : 200'000;
  auto store = dq::store::open_trace_store(argv[1]);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().to_string().c_str());
    return 3;
  }
  const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  dq::trace::SpanQueueOptions options;
  options.capacity = static_cast<std::size_t>(total) + 1;  // measure the writer, not the drop policy
  dq::trace::SpanQueue queue(**store, options);
  const auto start = std::chrono::steady_clock::now();
  static const char* kSteps[] = {"ctx.load", "llm.counterpart", "check.faithful", "db.save", "tg.reply"};
  for (long long n = 0; n < total;) {
    dq::trace::SpanRecord root;
    root.trace_id = dq::core::new_trace_id(now_ms);
    root.span_id = dq::core::new_span_id();
    root.name = "pipeline.turn";
    root.start_ms = now_ms;
    root.duration_us = 900'000;
    root.trace = {"", "turn", "used-car", 1, "1", "1"};
    for (int c = 0; c < 5 && n < total - 1; ++c, ++n) {
      dq::trace::SpanRecord s;
      s.trace_id = root.trace_id;
      s.span_id = dq::core::new_span_id();
      s.parent_id = root.span_id;
      s.name = kSteps[c];
      s.start_ms = now_ms;
      s.duration_us = 1000 * (c + 1);
      if (c == 1) {
        s.provider = "anthropic";
        s.model = "claude-haiku-4-5";
        s.input_tokens = 900;
        s.output_tokens = 80;
        s.cost_usd = 0.0013;
      }
      queue.submit(std::move(s));
    }
    queue.submit(std::move(root));
    ++n;
  }
  queue.stop();  // drains
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto stats = queue.stats();
  std::printf("spans_per_s %.0f\nwritten %llu\nfailed %llu\ndropped %llu\n",
              static_cast<double>(stats.written) / secs, static_cast<unsigned long long>(stats.written),
              static_cast<unsigned long long>(stats.write_failed),
              static_cast<unsigned long long>(stats.dropped));
  return stats.written == static_cast<std::uint64_t>(total) ? 0 : 1;
}
