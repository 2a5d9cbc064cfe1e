#pragma once
// Whether a trace keeps its I/O (prompts, responses), decided once, when its root span starts.
//
// A sampled trace keeps all of it. An unsampled one keeps none, unless one of its spans fails: then it keeps
// all of it too, the spans that ended before the failure included. So the spans of an unsampled trace that
// carry I/O are held here (in memory, on the hot path, no I/O) until the trace's fate is known: a failure
// sends them on with their I/O, the root ending without one sends them on without it. Either way a trace's
// I/O is all there or all absent, and its root says which (SpanRecord::io_kept).
//
// Shared by every task context of one trace (fork_current_context copies the pointer); thread-safe.

#include <cstdint>
#include <mutex>
#include <vector>

#include "bot/core/ids.hpp"
#include "bot/trace/span_record.hpp"

namespace dq::trace {

class SpanSink;

// True for the share `rate` (0..1) of trace ids, the same answer for the same id (a hash of its random
// half), so a trace's decision can be recomputed from its id.
bool io_sampled(core::TraceId id, double rate);

class TraceIo {
 public:
  explicit TraceIo(bool sampled) : sampled_(sampled) {}
  TraceIo(const TraceIo&) = delete;
  TraceIo& operator=(const TraceIo&) = delete;
  // Spans held and never sent on (a root that never ended) are lost; they are counted as open spans.
  ~TraceIo() = default;

  // Sends `span` to `sink` now or later (see above). The root span sends what is held, then itself.
  void finish(SpanRecord&& span, SpanSink& sink);

 private:
  void send_held(SpanSink& sink, bool with_io);

  std::mutex mutex_;
  const bool sampled_;
  bool failed_ = false;
  bool root_ended_ = false;
  std::vector<SpanRecord> held_;
};

}  // namespace dq::trace
