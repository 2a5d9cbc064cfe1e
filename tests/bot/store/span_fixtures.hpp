#pragma once
// Spans and runs for the store tests, and a raw look into the file the store wrote.

#include <SQLiteCpp/Database.h>

#include <string>
#include <vector>

#include "bot/core/ids.hpp"
#include "bot/query/store_rows.hpp"
#include "bot/trace/span_record.hpp"

namespace dq::store::fixtures {

// One trace: a root span (carrying the trace attributes) and `children` child spans. Child 1 is an LLM step
// with model, usage and full I/O; the others have no I/O.
inline std::vector<trace::SpanRecord> make_trace(const std::string& run_id, int children = 3,
                                                 std::int64_t start_ms = 1'700'000'000'000) {
  std::vector<trace::SpanRecord> spans;
  const core::TraceId trace_id = core::new_trace_id(start_ms);
  trace::SpanRecord root;
  root.trace_id = trace_id;
  root.span_id = core::new_span_id();
  root.name = "pipeline.turn";
  root.start_ms = start_ms;
  root.duration_us = 1000;
  root.trace = {run_id, "turn", "haggle", 1, "user-1", "chat-1"};
  for (int i = 0; i < children; ++i) {
    trace::SpanRecord child;
    child.trace_id = trace_id;
    child.span_id = core::new_span_id();
    child.parent_id = root.span_id;
    child.start_ms = start_ms + i;
    child.duration_us = 100 + i;
    if (i == 1) {
      child.name = "llm.counterpart";
      child.model = "dry-run";
      child.input_tokens = 120;
      child.output_tokens = 30;
      child.cost_usd = 0.002;
      child.input = "system: you are the counterpart\nuser: 10,000?";
      child.output = "12,000 is my floor.";
    } else {
      child.name = i == 0 ? "ctx.load" : "db.save";
    }
    spans.push_back(std::move(child));
  }
  spans.push_back(std::move(root));  // the root ends last
  return spans;
}

inline query::RunRow make_run(const std::string& run_id, std::int64_t started_ms = 1'700'000'000'000) {
  query::RunRow run;
  run.run_id = run_id;
  run.mode = "dry-run";
  run.status = "running";
  run.started_ms = started_ms;
  run.scenarios = 2;
  return run;
}

inline std::int64_t count_rows(const std::string& path, const std::string& table) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return db.execAndGet("SELECT count(*) FROM " + table).getInt64();
}

}  // namespace dq::store::fixtures
