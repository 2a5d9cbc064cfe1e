#pragma once
// Traces written straight into a store, for tests of what reads them (views, admin commands, reports).

#include <string>
#include <vector>

#include "bot/core/ids.hpp"
#include "bot/trace/span_record.hpp"
#include "bot/trace/span_sink.hpp"

namespace dq::testing {

// One turn trace: a root and `children` spans 10 ms apart (every 3rd an LLM call; `error` marks the
// root and the last child failed). Returns the trace id.
inline core::TraceId write_turn_trace(trace::TraceSink& sink, std::int64_t start_ms, int children = 5,
                                      bool error = false, std::string scenario = "used-car",
                                      std::string run_id = "") {
  std::vector<trace::SpanRecord> spans;
  trace::SpanRecord root;
  root.trace_id = core::new_trace_id(start_ms);
  root.span_id = core::new_span_id();
  root.name = "pipeline.turn";
  root.start_ms = start_ms;
  root.duration_us = 10'000 * (children + 1);
  root.status = error ? trace::SpanStatus::error : trace::SpanStatus::ok;
  root.error = error ? "llm.timeout: no answer" : "";
  root.trace = {std::move(run_id), "turn", std::move(scenario), 1, "111", "111"};
  static const char* kNames[] = {"ctx.load", "llm.counterpart", "check.faithful", "db.save", "tg.reply"};
  for (int i = 0; i < children; ++i) {
    trace::SpanRecord s;
    s.trace_id = root.trace_id;
    s.span_id = core::new_span_id();
    s.parent_id = root.span_id;
    s.name = kNames[i % 5];
    s.start_ms = start_ms + 10 * i;
    s.duration_us = 9'000 + i;
    if (i % 5 == 1) {
      s.model = "claude-haiku-4-5";
      s.input_tokens = 100;
      s.output_tokens = 20;
      s.cost_usd = 0.0002;
    }
    if (error && i == children - 1) {
      s.status = trace::SpanStatus::error;
      s.error = "llm.timeout: no answer";
    }
    spans.push_back(std::move(s));
  }
  spans.push_back(std::move(root));
  (void)sink.write_batch(spans);
  return spans.back().trace_id;
}

}  // namespace dq::testing
