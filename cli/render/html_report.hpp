#pragma once
// `dealquest-test report --format html`: one run, or two runs compared, as one self-contained HTML5 page
// (inline stylesheet and SVG; no script, no external URL, links only to anchors in the page) that honours
// dark mode. One run: a summary; p50/p95/p99 latency by step; the waterfall of each scenario's slowest
// trace; estimated and actual cost per scenario; a pass/fail matrix of scenario × turn whose failing cells
// link to the failing checks and their reasons; the conversations. A comparison: both runs' summaries, p95
// by step and cost per scenario base next to head, and the changes.

#include <string>
#include <vector>

#include "bot/query/run_compare.hpp"
#include "bot/query/run_report.hpp"
#include "bot/query/trace_views.hpp"

namespace dq::render {

// `slowest`: the waterfall of each scenario's slowest trace (query::slowest_waterfalls).
std::string html_report(const query::RunReport& report, const std::vector<query::Waterfall>& slowest);
std::string html_compare(const query::RunReport& base, const query::RunReport& head,
                         const query::RunComparison& comparison);

}  // namespace dq::render
