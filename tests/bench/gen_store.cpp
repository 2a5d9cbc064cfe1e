// dq-gen-store: fills a trace store with N synthetic traces for benchmarks (`--traces N --out FILE`).
// Each trace is a root span and one child (`--children` more if asked), spread over the last 30 days, 2% of
// them failed, written through the store's write_batch (the bot's own write path) in large batches. --out is
// a file or a postgresql:// URI.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "bot/core/ids.hpp"
#include "bot/pipeline/steps.hpp"
#include "bot/store/open_trace_store.hpp"

int main(int argc, char** argv) {
  long long traces = 1'000'000;
  int children = 1;
  std::string out;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--traces") == 0)
      traces = std::atoll(argv[i + 1]);
    else if (std::strcmp(argv[i], "--children") == 0)
      children = std::atoi(argv[i + 1]);
    else if (std::strcmp(argv[i], "--out") == 0)
      out = argv[i + 1];
  }
  if (out.empty() || traces <= 0) {
    std::fprintf(stderr, "usage: dq-gen-store --traces N --out FILE [--children K]\n");
    return 2;
  }
  auto store = dq::store::open_trace_store(out);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().to_string().c_str());
    return 3;
  }
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  const std::int64_t span_ms = 30LL * 86'400'000;
  std::mt19937_64 rng(42);
  const auto names = dq::pipeline::all_step_names();
  std::vector<dq::trace::SpanRecord> batch;
  for (long long i = 0; i < traces; ++i) {
    dq::trace::SpanRecord root;
    root.trace_id = dq::core::new_trace_id(now_ms - span_ms + span_ms * i / traces);
    root.span_id = dq::core::new_span_id();
    root.name = "pipeline.turn";
    root.start_ms = now_ms - span_ms + span_ms * i / traces;  // in time order, as a live store fills
    root.duration_us = 200'000 + static_cast<std::int64_t>(rng() % 3'000'000);
    root.status = rng() % 50 == 0 ? dq::trace::SpanStatus::error : dq::trace::SpanStatus::ok;
    root.trace = {"",
                  "turn",
                  "used-car",
                  1 + static_cast<int>(i % 5),
                  std::to_string(1000 + i % 977),
                  std::to_string(1000 + i % 977)};
    for (int c = 0; c < children; ++c) {
      dq::trace::SpanRecord s;
      s.trace_id = root.trace_id;
      s.span_id = dq::core::new_span_id();
      s.parent_id = root.span_id;
      s.name = std::string(names[1 + static_cast<std::size_t>(c) % 5]);
      s.start_ms = root.start_ms + c;
      s.duration_us = root.duration_us / (children + 1);
      batch.push_back(std::move(s));
    }
    batch.push_back(std::move(root));
    if (batch.size() >= 60'000 || i + 1 == traces) {
      if (auto w = (*store)->write_batch(batch); !w) {
        std::fprintf(stderr, "%s\n", w.error().to_string().c_str());
        return 3;
      }
      batch.clear();
    }
  }
  const auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("generated %lld traces (%lld spans) in %.1f s into %s\n", traces, traces * (children + 1), secs,
              out.c_str());
  return 0;
}
