#pragma once
// The trace context of the pipeline that is running right now on this thread.
//
// It is never passed as an argument: the event loop sets it before it resumes a pipeline's coroutine and
// clears it afterwards (ContextExecutor in context_executor.hpp), and Span reads it. Code that runs outside
// any traced task sees nullptr, and its spans are no-ops.

#include <array>
#include <cstdint>
#include <memory>

#include "bot/core/ids.hpp"
#include "bot/trace/span_record.hpp"

namespace dq::trace {

class Tracer;
class TraceIo;

// One per traced task (a pipeline execution, or work a step spawned). `current` is the innermost open span;
// a Span sets it on start and restores its parent on end, so nested steps get the right parent.
struct TaskContext {
  Tracer* tracer = nullptr;
  core::TraceId trace_id;
  core::SpanId current;
  // For logs: the trace's attributes (set by the root span) and the innermost open span's name.
  std::shared_ptr<const TraceAttributes> attrs = {};
  std::array<char, 24> step{};  // NUL-terminated, cut to fit (step names are <= 20 characters)
  // Set by the root span: its wall start (epoch µs) and steady time. Every span of the trace starts at that
  // wall time plus the steady time since, so offsets within a trace are as exact as durations are.
  std::int64_t anchor_wall_us = 0;
  std::int64_t anchor_steady_ns = 0;
  // Set by the root span: whether the trace keeps its I/O (trace_io.hpp), shared with forked contexts.
  std::shared_ptr<TraceIo> io = {};
};

using TaskContextPtr = std::shared_ptr<TaskContext>;

// The context of the task running on this thread, or nullptr.
TaskContext* current_context() noexcept;

// Makes `ctx` current for the lifetime of the guard and restores the previous one afterwards (guards nest,
// as when one task's handler runs inline inside another's).
class ContextGuard {
 public:
  explicit ContextGuard(TaskContext* ctx) noexcept;
  ~ContextGuard();
  ContextGuard(const ContextGuard&) = delete;
  ContextGuard& operator=(const ContextGuard&) = delete;

 private:
  TaskContext* previous_;
};

// A child context for work spawned from the current task: same trace, parent = the current span.
// Returns nullptr when nothing is current.
TaskContextPtr fork_current_context();

}  // namespace dq::trace
