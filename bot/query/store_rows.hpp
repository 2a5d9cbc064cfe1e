#pragma once
// Rows the trace store keeps besides spans: runs, per-scenario results, per-check results. Plain data shared
// by the writing side (RunStore), the reading side (TraceReader) and the report built on it.

#include <cstdint>
#include <string>

namespace dq::query {

struct RunRow {
  std::string run_id;
  std::string mode;  // "dry-run" | "replay" | "live" | "bot"
  // "running" | "passed" | "failed" | "interrupted" | "error" | "budget_exceeded" | "abandoned" (its process
  // died without finishing it)
  std::string status;
  std::int64_t started_ms = 0;
  std::int64_t ended_ms = 0;  // 0 while running
  int scenarios = 0;
  int passed = 0;
  int failed = 0;
  std::uint64_t dropped_spans = 0;  // spans the queue had to drop (full): never silent
  std::string note;                 // why it stopped early, etc.
  std::string owner = {};           // the process writing it (runtime::process_identity); "" for old rows
};

struct ScenarioRow {
  std::string scenario;
  std::string file;
  std::string status;  // "passed" | "failed" | "error" | "skipped"
  int turns = 0;
  std::int64_t duration_us = 0;
  std::string error;   // infrastructure error, if any
  int repetition = 1;  // 1..N with `run --repeat N`
};

struct CheckRow {
  std::string scenario;
  int turn = 0;        // 1-based; 0 for the debrief, -1 for the whole conversation
  std::string check;   // "contains", "faithful", "json_shape", ...
  std::string status;  // "pass" | "fail" | "not_evaluated"
  std::string detail;  // why it failed, or why it was not evaluated
  int repetition = 1;
};

// One exchange of a harness run's conversation, rebuilt from the stored I/O of its llm.counterpart span (a
// turn whose I/O was not stored has no row).
struct TranscriptRow {
  std::string scenario;
  int turn = 0;
  bool simulated = false;  // the trainee's line came from the simulated trainee (an llm.trainee span)
  std::string user;        // what the trainee said
  std::string reply;       // the counterpart's answer
};

// How long one turn of a harness run took (its pipeline.turn trace), for the spread of turn latency.
struct TurnLatencyRow {
  std::string scenario;
  std::int64_t duration_us = 0;
};

// One span, as far as the report needs it.
struct StepSample {
  std::string name;
  std::int64_t duration_us = 0;
  bool error = false;
  std::string model;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0.0;
  std::string scenario = {};  // its trace's scenario ("" for bot traffic)
};

// What the cost estimate planned for one scenario and LLM role of a run (`run` stores it before the first
// call), next to what the run's `llm.<role>` spans of that scenario actually used.
struct EstimateRow {
  std::string scenario;
  std::string role;  // "counterpart" | "coach" | "trainee" | "judge"
  std::int64_t planned_calls = 0, planned_input_tokens = 0, planned_output_tokens = 0;
  double expected_usd = 0, worst_usd = 0;
  // Actuals, filled in by the report from the run's spans.
  std::int64_t calls = 0, input_tokens = 0, output_tokens = 0;
  double cost_usd = 0;
};

// A run as `report --runs` lists it: the row, and what its LLM spans add up to.
struct RunListRow {
  RunRow run;
  std::int64_t llm_calls = 0;
  double cost_usd = 0;
  double expected_usd = -1;  // the run's stored estimate; < 0 when it has none (older runs, the bot)
};

// One trace's row (its root span's attributes), as /admin traces lists them.
struct TraceRow {
  std::string trace_id, run_id, pipeline, scenario, user_id, chat_id, status, error;
  int turn = -1;
  std::int64_t start_ms = 0, duration_us = 0;
};

// One span of a trace, for its waterfall.
struct SpanRow {
  std::string span_id, parent_span_id, name, status, error, model;
  std::int64_t start_ms = 0, duration_us = 0, input_tokens = 0, output_tokens = 0;
  double cost_usd = 0;
  std::int64_t start_us = 0;  // epoch µs (start_ms * 1000 for spans stored before schema 8)
  std::string provider = {};  // who answered an LLM call ("" before schema 9, and on other steps)
};

// One step's spans over a window, aggregated (TraceReader::step_window_since): their durations as (µs, how
// many) pairs, exact or, from a store's rollup, the midpoints of buckets 10% wide.
struct StepWindow {
  std::string name;
  std::int64_t errors = 0, input_tokens = 0, output_tokens = 0;
  double cost_usd = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> durations;
};

struct TraceCounts {
  std::int64_t traces = 0, errors = 0;
};

}  // namespace dq::query
