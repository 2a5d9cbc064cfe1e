#pragma once
// Owns nothing but two references: the clock spans are timed with and the sink finished spans go to.

#include "bot/core/clock.hpp"
#include "bot/trace/span_sink.hpp"

namespace dq::trace {

class Tracer {
 public:
  Tracer(const core::Clock& clock, SpanSink& sink) : clock_(clock), sink_(sink) {}
  const core::Clock& clock() const { return clock_; }
  SpanSink& sink() { return sink_; }

 private:
  const core::Clock& clock_;
  SpanSink& sink_;
};

}  // namespace dq::trace
