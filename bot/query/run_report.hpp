#pragma once
// One run as `dealquest-test report` shows it: the run row, per-scenario and per-check results, per-step
// latency percentiles, errors, tokens and cost. Pure: computed from what a TraceReader returns.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.hpp"
#include "bot/query/store_rows.hpp"
#include "bot/query/trace_reader.hpp"

namespace dq::query {

struct StepStats {
  std::string name;
  std::int64_t count = 0, errors = 0, p50_us = 0, p95_us = 0, p99_us = 0, input_tokens = 0, output_tokens = 0;
  double cost_usd = 0;
};

struct RunReport {
  RunRow run;
  std::vector<ScenarioRow> scenarios;
  std::vector<CheckRow> checks;
  std::vector<TranscriptRow> transcript;
  std::vector<TurnLatencyRow> turn_latencies;
  std::vector<StepStats> steps;
  std::vector<StepSample> samples;     // every span of the run, for comparisons
  std::vector<EstimateRow> estimates;  // by scenario then role; empty when the run stored no estimate
  // Totals over the run's LLM spans (spans that name a model).
  std::int64_t input_tokens = 0, output_tokens = 0;
  double cost_usd = 0;
};

// The latest run when `run_id` is empty. Errors: `report.no_runs` (the store holds no run yet),
// `report.unknown_run` (no run with that id), or the reader's own error.
// `steps` follow `step_order`; steps not named there come after, alphabetically. Root spans
// (`pipeline.turn`, `pipeline.debrief`) are steps too.
core::Result<RunReport> build_run_report(TraceReader& reader, std::string_view run_id,
                                         const std::vector<std::string>& step_order = {});

// The per-step part alone (exposed for tests and other reports).
std::vector<StepStats> step_stats(const std::vector<StepSample>& samples,
                                  const std::vector<std::string>& step_order = {});

}  // namespace dq::query
