#include "bot/trace/span.hpp"

#include <algorithm>

#include "bot/trace/trace_io.hpp"
#include "bot/trace/tracer.hpp"

namespace dq::trace {

const char* to_string(SpanStatus s) {
  return s == SpanStatus::ok ? "ok" : "error";
}

Span::Span(std::string_view name) {
  TaskContext* ctx = current_context();
  if (ctx != nullptr && ctx->tracer != nullptr && ctx->trace_id.valid()) start(ctx, name);
}

Span Span::root(std::string_view name, TraceAttributes attrs) {
  Span s;
  TaskContext* ctx = current_context();
  if (ctx != nullptr && ctx->tracer != nullptr && ctx->trace_id.valid()) {
    ctx->current = {};
    ctx->attrs = std::make_shared<const TraceAttributes>(attrs);  // once per trace, for log lines
    ctx->io = std::make_shared<TraceIo>(io_sampled(ctx->trace_id, ctx->tracer->io_sample()));
    s.start(ctx, name);
    s.record_.trace = std::move(attrs);
  }
  return s;
}

void Span::start(TaskContext* ctx, std::string_view name) {
  ctx_ = ctx;
  ctx->tracer->span_opened();
  const core::Clock& clock = ctx->tracer->clock();
  record_.trace_id = ctx->trace_id;
  record_.parent_id = ctx->current;
  record_.span_id = core::new_span_id();
  record_.name.assign(name);
  start_ns_ = clock.steady_ns();
  if (!record_.parent_id.valid() || ctx->anchor_wall_us == 0) {  // a root (or a context without one)
    ctx->anchor_wall_us = clock.wall_ms() * 1000;
    ctx->anchor_steady_ns = start_ns_;
  }
  record_.start_us = ctx->anchor_wall_us + (start_ns_ - ctx->anchor_steady_ns) / 1000;
  record_.start_ms = record_.start_us / 1000;
  ctx->current = record_.span_id;
  parent_step_ = ctx->step;
  const std::size_t n = std::min(name.size(), ctx->step.size() - 1);
  std::copy_n(name.data(), n, ctx->step.data());
  ctx->step[n] = '\0';
}

Span::Span(Span&& other) noexcept
    : ctx_(other.ctx_),
      start_ns_(other.start_ns_),
      parent_step_(other.parent_step_),
      record_(std::move(other.record_)) {
  other.ctx_ = nullptr;
}

Span::~Span() {
  end();
}

void Span::set_llm(std::string_view provider, std::string_view model, std::int64_t input_tokens,
                   std::int64_t output_tokens, double cost_usd) {
  if (!ctx_) return;
  record_.provider.assign(provider);
  record_.model.assign(model);
  record_.input_tokens = input_tokens;
  record_.output_tokens = output_tokens;
  record_.cost_usd = cost_usd;
}

void Span::set_io(std::string input, std::string output) {
  if (!ctx_) return;
  record_.input = std::move(input);
  record_.output = std::move(output);
}

void Span::fail(std::string error) {
  if (!ctx_) return;
  record_.status = SpanStatus::error;
  record_.error = std::move(error);
}

void Span::end() {
  if (!ctx_) return;
  TaskContext* ctx = ctx_;
  ctx_ = nullptr;
  record_.duration_us = (ctx->tracer->clock().steady_ns() - start_ns_) / 1000;
  // Restore the parent as the innermost span, unless a sibling already replaced us (ended out of order).
  if (ctx->current == record_.span_id) {
    ctx->current = record_.parent_id;
    ctx->step = parent_step_;
  }
  if (ctx->io)
    ctx->io->finish(std::move(record_), ctx->tracer->sink());
  else
    ctx->tracer->sink().submit(std::move(record_));
  ctx->tracer->span_closed();
}

}  // namespace dq::trace
