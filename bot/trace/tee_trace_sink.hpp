#pragma once
// A TraceSink in front of two: each batch goes to `first` (the store) and then, whatever the store said, to
// `second` (the bot's OTLP exporter, whose write_batch only queues). The batch's result is the first's, so
// the span queue's counts stay the store's.

#include "bot/trace/span_sink.hpp"

namespace dq::trace {

class TeeTraceSink final : public TraceSink {
 public:
  TeeTraceSink(TraceSink& first, TraceSink& second) : first_(first), second_(second) {}
  core::Result<void> write_batch(std::span<const SpanRecord> spans) override {
    core::Result<void> stored = first_.write_batch(spans);
    (void)second_.write_batch(spans);
    return stored;
  }

 private:
  TraceSink& first_;
  TraceSink& second_;
};

}  // namespace dq::trace
