#pragma once
// Two runs side by side, the CI gate of `dealquest-test report --compare BASE [HEAD]`: for each scenario both
// ran, the checks that newly fail and newly pass, and turn and step p95 latency, tokens and cost, base ->
// head. A change counts against a threshold only when it is both relatively and absolutely large, so two
// replays of the same recordings (microsecond noise) never fail the gate. Pure: computed from two reports.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/query/run_report.hpp"

namespace dq::query {

struct CompareThresholds {
  double max_latency_increase_pct = 20;  // turn and step p95
  double max_cost_increase_pct = 10;     // a scenario's cost
  bool fail_on_new_failures = true;
  std::int64_t latency_floor_us = 50'000;  // a smaller increase never counts (a loaded machine's noise)
  double cost_floor_usd = 0.0001;          // likewise
};

// One measure, base -> head. `limit_pct` is the threshold it was held to (< 0: none).
struct Delta {
  std::string what;  // "turn p95", "llm.counterpart p95", "tokens", "cost"
  std::string unit;  // "us" | "tokens" | "usd"
  double base = 0, head = 0;
  double limit_pct = -1;
  bool crossed = false;
  // (head - base) / base in percent; +inf when base is 0 and head is not.
  double change_pct() const;
};

struct CheckChange {
  int repetition = 1;
  int turn = 0;
  std::string check;
  std::string detail;  // head's reason (newly failing) or base's (newly passing)
};

struct ScenarioComparison {
  std::string scenario;
  std::vector<CheckChange> newly_failing, newly_passing;
  std::vector<Delta> deltas;
  bool failed_gate = false;
};

struct RunComparison {
  RunRow base, head;
  std::vector<ScenarioComparison> scenarios;  // those both runs have, by name
  std::vector<std::string> only_in_base, only_in_head;
  CompareThresholds thresholds;
  int crossed = 0;       // deltas over their threshold
  int new_failures = 0;  // newly failing checks
  bool gate_failed() const { return crossed > 0 || (thresholds.fail_on_new_failures && new_failures > 0); }
};

RunComparison compare_runs(const RunReport& base, const RunReport& head, const CompareThresholds& thresholds);

// A run named on the command line: its full id or a prefix only one run has. Errors: report.unknown_run,
// report.ambiguous_run, report.no_runs, or the reader's.
core::Result<RunRow> find_run_by_ref(TraceReader& reader, std::string_view ref);
// HEAD (`head_ref`, or the latest run when empty) and BASE: `base_ref`, or for "previous" the latest run
// before HEAD of the same mode and the same scenarios.
core::Result<std::pair<RunRow, RunRow>> resolve_comparison(TraceReader& reader, std::string_view base_ref,
                                                           std::string_view head_ref);

}  // namespace dq::query
