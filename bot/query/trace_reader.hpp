#pragma once
// The read side of the trace store, as the report and the bot's admin commands need it.
// Implemented by store::SqliteStore and store::PgStore (bot/store/trace_store.hpp); every failure is a value.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.hpp"
#include "bot/query/store_rows.hpp"

namespace dq::query {

// Trace ids start with the time they were made (core::new_trace_id), so every trace of a run shares its
// first digits; their last 8 are random. Listings show those, and find_trace takes them back.
inline constexpr std::size_t kShortTraceIdDigits = 8;
inline std::string short_trace_id(std::string_view trace_id) {
  return std::string(trace_id.size() > kShortTraceIdDigits
                         ? trace_id.substr(trace_id.size() - kShortTraceIdDigits)
                         : trace_id);
}

class TraceReader {
 public:
  virtual ~TraceReader() = default;
  // Where the data lives (a file path, a connection name), for error messages; empty when unknown.
  virtual std::string location() const { return {}; }
  virtual core::Result<std::optional<RunRow>> latest_run() = 0;
  virtual core::Result<std::optional<RunRow>> find_run(std::string_view run_id) = 0;
  // Runs newest first, at most `limit`, of `mode` ("dry-run", "replay", "live") or of every mode ("").
  virtual core::Result<std::vector<RunListRow>> runs(int limit, std::string_view mode) = 0;
  // The same runs without their calls, cost and estimate (which read every span of each run): for finding a
  // run by a prefix of its id, or the one before it.
  virtual core::Result<std::vector<RunRow>> recent_runs(int limit, std::string_view mode) {
    auto listed = runs(limit, mode);
    if (!listed) return std::unexpected(std::move(listed.error()));
    std::vector<RunRow> rows;
    for (RunListRow& r : *listed) rows.push_back(std::move(r.run));
    return rows;
  }
  virtual core::Result<std::vector<ScenarioRow>> scenarios(std::string_view run_id) = 0;
  virtual core::Result<std::vector<CheckRow>> checks(std::string_view run_id) = 0;
  // The run's conversations, by scenario then turn.
  virtual core::Result<std::vector<TranscriptRow>> transcript(std::string_view run_id) = 0;
  // Every turn of the run (all repetitions), by scenario.
  virtual core::Result<std::vector<TurnLatencyRow>> turn_latencies(std::string_view run_id) = 0;
  // Every span of every trace that belongs to the run.
  virtual core::Result<std::vector<StepSample>> step_samples(std::string_view run_id) = 0;
  // What the run's cost estimate planned, by scenario then role (actuals left 0); empty: no estimate.
  virtual core::Result<std::vector<EstimateRow>> estimates(std::string_view run_id) = 0;
  // The root rows of every trace of the run (turns and debriefs), by start.
  virtual core::Result<std::vector<TraceRow>> run_traces(std::string_view run_id) = 0;

  // Traces of every kind (harness runs and bot traffic), newest first (start, then id).
  virtual core::Result<std::int64_t> trace_count() = 0;
  virtual core::Result<std::vector<TraceRow>> newest_traces(std::int64_t offset, int limit) = 0;
  // An exact id, or any part of it of at least 8 hex digits that one trace alone has: its short id
  // (short_trace_id), a prefix, or another piece; nullopt when none matches. query.ambiguous_trace (naming
  // the candidates) when several do; query.short_trace_id under 8 digits.
  virtual core::Result<std::optional<TraceRow>> find_trace(std::string_view id_or_part) = 0;
  virtual core::Result<std::vector<SpanRow>> trace_spans(std::string_view trace_id) = 0;  // by start
  // Spans of the traces that started at or after `since_ms`, and how many of those traces there are.
  virtual core::Result<std::vector<StepSample>> step_samples_since(std::int64_t since_ms) = 0;
  virtual core::Result<TraceCounts> trace_counts_since(std::int64_t since_ms) = 0;
  // The same spans as step_samples_since, aggregated by step (what `/admin stats` shows). This default reads
  // every span (exact); a store with a rollup overrides it to read the rollup for the window's whole hours.
  virtual core::Result<std::vector<StepWindow>> step_window_since(std::int64_t since_ms);

  // For `export --since`: the traces that started at or after `since_ms`, oldest first, at most `limit`.
  virtual core::Result<std::vector<TraceRow>> export_traces_since(std::int64_t since_ms, int limit) = 0;
};

// The write side for harness runs (spans go through trace::TraceSink instead).
class RunStore {
 public:
  virtual ~RunStore() = default;
  virtual core::Result<void> begin_run(const RunRow& run) = 0;
  virtual core::Result<void> record_scenario(std::string_view run_id, const ScenarioRow& scenario,
                                             const std::vector<CheckRow>& checks) = 0;
  // The run's cost estimate, one row per scenario and role (planned figures only), stored once, before its
  // first LLM call. store.unknown_run for a run never begun.
  virtual core::Result<void> record_estimate(std::string_view run_id,
                                             const std::vector<EstimateRow>& rows) = 0;
  // Updates status, end time, counts, dropped spans and note of a run begun before.
  virtual core::Result<void> finish_run(const RunRow& run) = 0;
  // Marks `abandoned` every run still `running` whose owner is not alive (its process died without
  // finishing it): ended at its last trace's start (or its own start), with a note saying so. Returns the
  // ids marked. Rows without an owner are left alone.
  virtual core::Result<std::vector<std::string>> mark_abandoned_runs(
      const std::function<bool(const std::string& owner)>& alive) = 0;
};

}  // namespace dq::query
