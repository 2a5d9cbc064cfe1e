#pragma once
// The parts of the HTML reports (html_report.hpp), each a piece of HTML: used by the one-run page and the
// comparison alike.

#include <string>
#include <vector>

#include "bot/query/run_compare.hpp"
#include "bot/query/run_report.hpp"
#include "bot/query/trace_views.hpp"

namespace dq::render::html {

// Run, mode, status, started, duration, scenarios passed/failed, calls, tokens, cost (and the estimate).
std::string run_summary(const query::RunReport& report);
// p50/p95/p99 by step, as a chart and a table.
std::string step_latency(const query::RunReport& report);
std::string waterfalls(const std::vector<query::Waterfall>& slowest);
// Estimated and actual cost per scenario; actual only (and a note saying so) without a stored estimate.
std::string scenario_cost(const query::RunReport& report);
// Scenario × turn, coloured; each failing cell links to its entry in failures().
std::string pass_fail_matrix(const query::RunReport& report);
std::string failures(const query::RunReport& report);
std::string transcript(const query::RunReport& report);
// Every judged check with its reasoning, passed or failed; "" when the run judged nothing.
std::string judge_reasoning(const query::RunReport& report);
// With repetitions: pass rates per scenario and of the checks that did not always pass; "" otherwise.
std::string pass_rates(const query::RunReport& report);

// Comparison parts.
std::string p95_base_head(const query::RunReport& base, const query::RunReport& head);
std::string cost_base_head(const query::RunReport& base, const query::RunReport& head,
                           const query::RunComparison& c);
std::string comparison_changes(const query::RunComparison& c);

}  // namespace dq::render::html
