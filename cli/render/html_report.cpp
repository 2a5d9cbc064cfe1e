#include "cli/render/html_report.hpp"

#include "bot/core/utc_text.hpp"
#include "cli/render/html_page.hpp"
#include "cli/render/html_sections.hpp"
#include "cli/render/report_facts.hpp"
#include "cli/render/style.hpp"

namespace dq::render {
namespace {

std::string run_row(const char* label, const query::RunReport& r) {
  const auto& run = r.run;
  return html::tr(
      {label, html::esc(run.run_id), html::esc(run.mode), html::esc(run.status),
       html::esc(run.started_ms > 0 ? core::utc_text(run.started_ms, "%Y-%m-%d %H:%M:%S") : "-"),
       html::esc(run.ended_ms > run.started_ms ? format_duration_us((run.ended_ms - run.started_ms) * 1000)
                                               : std::string("-")),
       std::to_string(run.scenarios), std::to_string(run.passed), std::to_string(run.failed),
       format_count(llm_calls(r)), html::esc(format_usd(r.cost_usd))});
}

std::string contents(const std::vector<std::pair<const char*, const char*>>& links) {
  std::string out = "<nav><p>";
  for (std::size_t i = 0; i < links.size(); ++i)
    out += std::string(i ? " · " : "") + "<a href=\"#" + links[i].first + "\">" + links[i].second + "</a>";
  return out + "</p></nav>\n";
}

}  // namespace

std::string html_report(const query::RunReport& report, const std::vector<query::Waterfall>& slowest) {
  std::vector<std::pair<const char*, const char*>> links{{"latency", "latency"},
                                                         {"waterfalls", "waterfalls"},
                                                         {"cost", "cost"},
                                                         {"matrix", "pass/fail"},
                                                         {"failures", "failures"}};
  if (repeated(report)) links.push_back({"rates", "pass rates"});
  if (!judged_checks(report).empty()) links.push_back({"judge", "judge reasoning"});
  if (!report.transcript.empty()) links.push_back({"transcript", "conversations"});
  return html::page_open("dealquest-test report: run " + report.run.run_id) + html::run_summary(report) +
         contents(links) + html::step_latency(report) + html::waterfalls(slowest) +
         html::scenario_cost(report) + html::pass_fail_matrix(report) + html::failures(report) +
         html::pass_rates(report) + html::judge_reasoning(report) + html::transcript(report) +
         html::page_close();
}

std::string html_compare(const query::RunReport& base, const query::RunReport& head,
                         const query::RunComparison& c) {
  const std::string verdict = c.gate_failed() ? "failed" : "passed";
  std::string out = html::page_open("dealquest-test report --compare: " + verdict);
  out += html::summary({{"gate", c.gate_failed() ? "<span class=\"bad\">failed</span>" : "passed"},
                        {"scenarios compared", std::to_string(c.scenarios.size())},
                        {"over a threshold", std::to_string(c.crossed)},
                        {"newly failing checks", std::to_string(c.new_failures)}});
  out += html::table({"", "run", "mode", "status", "started (UTC)", "took", "scenarios", "passed", "failed",
                      "LLM calls", "cost"},
                     run_row("base", base) + run_row("head", head));
  return out + html::p95_base_head(base, head) + html::cost_base_head(base, head, c) +
         html::comparison_changes(c) + html::page_close();
}

}  // namespace dq::render
