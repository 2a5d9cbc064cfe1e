#pragma once
// Where finished spans go. The hot path only ever calls SpanSink::submit (SpanQueue: enqueue, never waits on
// the database); TraceSink is the slow side a background writer drains into (SqliteTraceStore).

#include <span>

#include "bot/core/error.hpp"
#include "bot/trace/span_record.hpp"

namespace dq::trace {

class SpanSink {
 public:
  virtual ~SpanSink() = default;
  // Must not block on I/O. May drop the span (and count it) when full.
  virtual void submit(SpanRecord&& span) = 0;
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  // Writes one batch atomically (all or nothing). Called from the writer thread only.
  virtual core::Result<void> write_batch(std::span<const SpanRecord> spans) = 0;
};

}  // namespace dq::trace
