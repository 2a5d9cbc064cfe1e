// The cost the pipeline pays per step for tracing: start a span, end it, enqueue it for the writer.
#include <benchmark/benchmark.h>

#include "bot/core/clock.hpp"
#include "bot/trace/span.hpp"
#include "bot/trace/span_queue.hpp"
#include "bot/trace/tracer.hpp"

namespace {

class DiscardingSink final : public dq::trace::TraceSink {
 public:
  dq::core::Result<void> write_batch(std::span<const dq::trace::SpanRecord>) override { return {}; }
};

void BM_SpanHotPath(benchmark::State& state) {
  DiscardingSink sink;
  dq::trace::SpanQueue queue(
      sink, {.capacity = 1'000'000, .batch_size = 2'000, .flush_interval = std::chrono::milliseconds(100)});
  dq::trace::Tracer tracer(dq::core::SystemClock::instance(), queue);
  dq::trace::TaskContext ctx{&tracer, dq::core::new_trace_id(tracer.clock().wall_ms()),
                             dq::core::new_span_id()};
  dq::trace::ContextGuard guard(&ctx);
  for (auto _ : state) {
    dq::trace::Span span("llm.counterpart");
    benchmark::DoNotOptimize(span.id());
  }
  state.SetItemsProcessed(state.iterations());
  queue.stop();
  if (queue.stats().dropped > 0) state.SkipWithError("the queue dropped spans: the writer fell behind");
}
BENCHMARK(BM_SpanHotPath)->Repetitions(5)->ReportAggregatesOnly(true);

}  // namespace
