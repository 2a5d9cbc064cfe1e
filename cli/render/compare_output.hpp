#pragma once
// `dealquest-test report --runs` (past runs, newest first) and `report --compare BASE [HEAD]` (two runs side
// by side, the CI gate), as text or JSON. The JSON shapes are documented in README.md.

#include <string>
#include <vector>

#include "bot/query/run_compare.hpp"
#include "cli/render/style.hpp"

namespace dq::render {

std::string runs_text(const std::vector<query::RunListRow>& runs, const Style& style);
std::string runs_json(const std::vector<query::RunListRow>& runs);

std::string compare_text(const query::RunComparison& c, const Style& style);
std::string compare_json(const query::RunComparison& c);

// Shared with the Markdown and HTML comparisons: a delta's value in its unit ("12.3 ms", "$0.0123",
// "1,234"), its change ("+12%", "new" when base was 0) and its limit ("+20%").
std::string format_delta_value(const query::Delta& d, double v);
std::string format_change_pct(double pct);
std::string format_limit_pct(double pct);
// Step latencies that moved less than the latency floor and crossed nothing are noise, left out of listings.
bool delta_worth_showing(const query::Delta& d, const query::CompareThresholds& t);

}  // namespace dq::render
