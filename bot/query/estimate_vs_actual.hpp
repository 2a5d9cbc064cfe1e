#pragma once
// A run's cost estimate next to what it used: the planned rows `run` stored, filled in with the actuals of
// the run's `llm.<role>` spans of each scenario; and, over past runs, how far estimates were off. Pure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/query/store_rows.hpp"

namespace dq::query {

// The planned rows with their actuals: a span named `llm.<role>` of scenario S adds to the row (S, role); one
// that did not fail counts as a call, and every one adds its tokens and cost (a failed attempt may be
// billed). A role the spans used but the estimate did not plan gets a row of its own (planned 0). Empty
// `planned` means the run has no estimate: the result is empty too. Rows stay by scenario, then in planned
// order, with unplanned roles after the planned ones of their scenario.
std::vector<EstimateRow> estimate_vs_actual(std::vector<EstimateRow> planned,
                                            const std::vector<StepSample>& samples);

// (actual - expected) / expected in percent; nullopt when nothing was expected ("n/a").
std::optional<double> estimate_error_pct(double expected_usd, double actual_usd);

// The rows added up, under scenario "" and role "total".
EstimateRow estimate_total(const std::vector<EstimateRow>& rows);

// How the actual cost of the latest finished runs of one mode compared with their estimates, as the share
// of the expected cost each actually cost (100 = on the dot).
struct EstimateAccuracy {
  std::string mode;
  int runs = 0;
  double min_pct = 0, median_pct = 0, max_pct = 0;
};

// From `runs` (newest first, as TraceReader::runs gives them): the first `max_runs` of `mode` that ran to
// their end (passed or failed) and have an estimate above $0. nullopt when there is none.
std::optional<EstimateAccuracy> estimate_accuracy(const std::vector<RunListRow>& runs, std::string_view mode,
                                                  int max_runs = 5);

}  // namespace dq::query
