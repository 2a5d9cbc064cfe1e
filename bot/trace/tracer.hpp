#pragma once
// Owns nothing but two references: the clock spans are timed with and the sink finished spans go to. Counts
// the spans begun and not yet ended, so a shutdown that abandons a task can say how many of its spans never
// reached the sink.

#include <atomic>
#include <cstdint>

#include "bot/core/clock.hpp"
#include "bot/trace/span_sink.hpp"

namespace dq::trace {

class Tracer {
 public:
  // `io_sample`: the share (0..1) of traces that keep their I/O whatever happens; the others keep it only
  // when one of their spans fails (trace_io.hpp).
  Tracer(const core::Clock& clock, SpanSink& sink, double io_sample = 1.0)
      : clock_(clock), sink_(sink), io_sample_(io_sample) {}
  const core::Clock& clock() const { return clock_; }
  SpanSink& sink() { return sink_; }
  double io_sample() const { return io_sample_; }

  void span_opened() { open_.fetch_add(1, std::memory_order_relaxed); }
  void span_closed() { open_.fetch_sub(1, std::memory_order_relaxed); }
  std::int64_t open_spans() const { return open_.load(std::memory_order_relaxed); }

 private:
  const core::Clock& clock_;
  SpanSink& sink_;
  double io_sample_;
  std::atomic<std::int64_t> open_{0};
};

}  // namespace dq::trace
