#pragma once
// RAII span: start on construction, end (and submit to the tracer's sink) on end() or destruction.
//
// A Span reads the current task's context (trace_context.hpp): it becomes that task's innermost span while
// open, so spans opened inside it, and work spawned from it, get it as their parent. With no traced task
// current it is a no-op, which keeps untraced callers (unit tests of a step, the console) cheap.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/trace/span_record.hpp"
#include "bot/trace/trace_context.hpp"

namespace dq::trace {

class Span {
 public:
  explicit Span(std::string_view name);
  // The root span of the current task's (fresh) trace.
  static Span root(std::string_view name, TraceAttributes attrs);

  Span(Span&& other) noexcept;
  Span& operator=(Span&&) = delete;
  Span(const Span&) = delete;
  Span& operator=(const Span&) = delete;
  ~Span();

  bool active() const { return ctx_ != nullptr; }
  core::SpanId id() const { return record_.span_id; }
  core::TraceId trace_id() const { return record_.trace_id; }

  void set_llm(std::string_view provider, std::string_view model, std::int64_t input_tokens,
               std::int64_t output_tokens, double cost_usd);
  void set_io(std::string input, std::string output);
  // Marks the span failed; `error` is "<stable.code>: message".
  void fail(std::string error);
  // Ends the span now (idempotent).
  void end();

 private:
  Span() = default;
  void start(TaskContext* ctx, std::string_view name);

  TaskContext* ctx_ = nullptr;
  std::int64_t start_ns_ = 0;
  std::array<char, 24> parent_step_{};  // the context's step name before this span, restored at end
  SpanRecord record_;
};

}  // namespace dq::trace
