#pragma once
// A run's cost estimate next to what it used (the report's "estimate vs actual" section), and the line
// `dealquest-test estimate` adds about how far past estimates were off.

#include <optional>
#include <string>
#include <vector>

#include "bot/query/estimate_vs_actual.hpp"
#include "bot/query/store_rows.hpp"
#include "cli/render/style.hpp"

namespace dq::render {

// "+12%", "-100%"; "n/a" when nothing was expected.
std::string error_pct_text(double expected_usd, double actual_usd);

// Per scenario and role: planned calls → actual, expected $ → actual $, the error in percent; then a total
// line. Empty when the run has no estimate.
std::string estimates_text(const std::vector<query::EstimateRow>& rows, const Style& style);

// "last 5 live runs with an estimate: actual cost was 62%–88% of expected (median 74%)\n"; "" for nullopt.
std::string estimate_accuracy_text(const std::optional<query::EstimateAccuracy>& accuracy);

}  // namespace dq::render
