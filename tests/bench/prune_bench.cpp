// dq_prune_bench STORE (a file or a postgresql:// URI): prunes every trace of STORE as if 31 days had passed
// (dq-gen-store spreads its traces over the last 30 days: a busy bot's month) while a writer thread keeps
// writing small batches of new traces, as the bot's span writer would. Prints how long the prune took and
// what it removed, and the writer's batch times during it next to those of the same writer with no prune: the
// longest is how long the prune held the write lock, at most.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "bot/core/ids.hpp"
#include "bot/store/open_trace_store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::vector<dq::trace::SpanRecord> small_batch(std::int64_t now_ms) {
  std::vector<dq::trace::SpanRecord> spans;
  for (int t = 0; t < 10; ++t) {
    dq::trace::SpanRecord root;
    root.trace_id = dq::core::new_trace_id(now_ms);
    root.span_id = dq::core::new_span_id();
    root.name = "pipeline.turn";
    root.start_ms = now_ms;
    root.duration_us = 900'000;
    root.trace = {"", "turn", "used-car", 1, "1", "1"};
    for (int c = 0; c < 4; ++c) {
      dq::trace::SpanRecord s;
      s.trace_id = root.trace_id;
      s.span_id = dq::core::new_span_id();
      s.parent_id = root.span_id;
      s.name = c == 0 ? "ctx.load" : c == 1 ? "llm.counterpart" : c == 2 ? "db.save" : "tg.reply";
      s.start_ms = now_ms;
      s.duration_us = 1000 * (c + 1);
      spans.push_back(std::move(s));
    }
    spans.push_back(std::move(root));
  }
  return spans;
}

struct WriterTimes {
  std::vector<double> ms;
  double max() const { return ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end()); }
  double p99() const {
    if (ms.empty()) return 0;
    std::vector<double> v = ms;
    std::sort(v.begin(), v.end());
    return v[(v.size() * 99 + 99) / 100 - 1];
  }
};

// Writes a batch of 10 traces every 5 ms on its own store connection until `stop`.
WriterTimes write_until(const char* path, const std::atomic<bool>& stop, std::int64_t now_ms) {
  WriterTimes times;
  auto store = dq::store::open_trace_store(path);
  if (!store) return times;
  while (!stop.load()) {
    const auto batch = small_batch(now_ms);
    const auto t = Clock::now();
    if (!(*store)->write_batch(batch)) break;
    times.ms.push_back(ms_since(t));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return times;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: dq_prune_bench STORE\n");
    return 2;
  }
  const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  const std::int64_t later_ms = now_ms + 31LL * 86'400'000;
  auto store = dq::store::open_trace_store(argv[1]);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().to_string().c_str());
    return 3;
  }

  std::atomic<bool> stop{false};
  WriterTimes alone;
  std::thread baseline([&] { alone = write_until(argv[1], stop, later_ms); });
  std::this_thread::sleep_for(std::chrono::seconds(2));
  stop = true;
  baseline.join();

  stop = false;
  WriterTimes during;
  std::thread writer([&] { during = write_until(argv[1], stop, later_ms); });
  const auto t = Clock::now();
  auto r = (*store)->prune(dq::query::RetentionPolicy{}, later_ms, /*dry_run=*/false);
  const double prune_ms = ms_since(t);
  stop = true;
  writer.join();
  if (!r) {
    std::fprintf(stderr, "%s\n", r.error().to_string().c_str());
    return 3;
  }
  std::printf("prune_ms %.0f\npruned_traces %lld\npruned_spans %lld\nprune_batches %d\n", prune_ms,
              static_cast<long long>(r->traces), static_cast<long long>(r->spans), r->batches);
  std::printf("writer_batches_during %zu\nwriter_max_ms_during %.1f\nwriter_p99_ms_during %.1f\n",
              during.ms.size(), during.max(), during.p99());
  std::printf("writer_batches_alone %zu\nwriter_max_ms_alone %.1f\nwriter_p99_ms_alone %.1f\n",
              alone.ms.size(), alone.max(), alone.p99());
  return 0;
}
