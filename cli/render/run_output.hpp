#pragma once
// What `dealquest-test run` prints: one line per scenario as it finishes (with its failing checks under it),
// then a summary; or one JSON document with --format json.

#include <cstdint>
#include <string>

#include "bot/query/pass_rates.hpp"
#include "cli/harness/runner.hpp"
#include "cli/render/style.hpp"

namespace dq::render {

struct RunSummary {
  std::string run_id;
  std::string mode;
  std::string store;
  int passed = 0, failed = 0, errors = 0, skipped = 0, interrupted = 0, not_run = 0;
  int llm_calls = 0;
  std::int64_t input_tokens = 0, output_tokens = 0;
  double cost_usd = 0.0;
  std::uint64_t dropped_spans = 0;
  std::uint64_t spans_written = 0;
  std::int64_t wall_us = 0;
  bool was_interrupted = false;
};

RunSummary summarize(const harness::RunOutcome& outcome);

// "PASS  salary-raise          5 turns   1.2 ms" plus one indented line per failing check and a
// dimmed line per check that was not evaluated.
std::string scenario_lines(const harness::ScenarioOutcome& s, const Style& style);
std::string summary_text(const RunSummary& summary, const Style& style);
std::string run_json(const harness::RunOutcome& outcome, const RunSummary& summary,
                     const query::PassRates& rates = {});
// Each scenario's pass rate over its repetitions (below `min_rate` in red), then each check that did not
// always pass, with 95% intervals.
std::string pass_rates_text(const query::PassRates& rates, const std::optional<double>& min_rate,
                            const Style& style);
// Per scenario, the spread of its turn latency over every repetition: "12 turns: min …, p50 …, p95 …, max …".
std::string latency_spread_text(const harness::RunOutcome& outcome);
// The same from latencies grouped by scenario, in order (the report's, read from the store).
std::string latency_spread_text(std::vector<std::pair<std::string, std::vector<std::int64_t>>> by_scenario);

}  // namespace dq::render
