#include "bot/trace/trace_io.hpp"

#include "bot/trace/span_sink.hpp"

namespace dq::trace {
namespace {

// splitmix64's finaliser: the random half of a trace id, mixed so every bit counts.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

void drop_io(SpanRecord& span) {
  span.input.clear();
  span.input.shrink_to_fit();
  span.output.clear();
  span.output.shrink_to_fit();
}

}  // namespace

const char* to_string(IoKept k) {
  switch (k) {
    case IoKept::all:
      return "all";
    case IoKept::error:
      return "error";
    case IoKept::none:
      return "none";
  }
  return "all";
}

bool io_sampled(core::TraceId id, double rate) {
  if (rate >= 1.0) return true;
  if (rate <= 0.0) return false;
  constexpr std::uint64_t kScale = 1'000'000;
  return mix(id.lo) % kScale < static_cast<std::uint64_t>(rate * static_cast<double>(kScale));
}

void TraceIo::send_held(SpanSink& sink, bool with_io) {
  for (SpanRecord& held : held_) {
    if (!with_io) drop_io(held);
    sink.submit(std::move(held));
  }
  held_.clear();
}

void TraceIo::finish(SpanRecord&& span, SpanSink& sink) {
  std::lock_guard lock(mutex_);
  if (span.status == SpanStatus::error && !failed_) {
    failed_ = true;
    send_held(sink, true);
  }
  const bool keep = sampled_ || failed_;
  if (span.is_root()) {
    root_ended_ = true;
    span.io_kept = sampled_ ? IoKept::all : failed_ ? IoKept::error : IoKept::none;
    send_held(sink, keep);
    if (!keep) drop_io(span);
    sink.submit(std::move(span));
    return;
  }
  if (keep || (span.input.empty() && span.output.empty())) {
    sink.submit(std::move(span));
  } else if (root_ended_) {  // work that outlived its trace's root: the decision is made
    drop_io(span);
    sink.submit(std::move(span));
  } else {
    held_.push_back(std::move(span));
  }
}

}  // namespace dq::trace
