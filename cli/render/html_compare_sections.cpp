// The comparison's parts of the HTML report: base next to head.
#include <map>

#include "bot/core/utc_text.hpp"
#include "cli/render/compare_output.hpp"
#include "cli/render/html_charts.hpp"
#include "cli/render/html_page.hpp"
#include "cli/render/html_sections.hpp"
#include "cli/render/report_facts.hpp"
#include "cli/render/style.hpp"

namespace dq::render::html {
namespace {

std::string note(std::string_view text) {
  return "<p class=\"note\">" + esc(text) + "</p>\n";
}

std::string place(int turn, int repetition) {
  return cell_place(turn) + (repetition > 1 ? " (#" + std::to_string(repetition) + ")" : "");
}

std::string check_changes(const query::RunComparison& c, bool failing) {
  std::string rows;
  for (const auto& s : c.scenarios)
    for (const auto& ch : failing ? s.newly_failing : s.newly_passing)
      rows += tr({esc(s.scenario), esc(place(ch.turn, ch.repetition)), esc(ch.check), esc(ch.detail)});
  const char* title = failing ? "Newly failing checks" : "Newly passing checks";
  if (rows.empty()) return "<h3>" + std::string(title) + "</h3>" + note("none");
  return "<h3>" + std::string(title) + "</h3>" +
         table({"scenario", "where", "check", failing ? "reason" : "reason it failed before"}, rows);
}

std::string deltas(const query::RunComparison& c) {
  std::string rows;
  for (const auto& s : c.scenarios)
    for (const auto& d : s.deltas) {
      if (!delta_worth_showing(d, c.thresholds)) continue;
      const std::string limit = d.limit_pct < 0 ? "-" : format_limit_pct(d.limit_pct);
      rows += tr({esc(s.scenario), esc(d.what), esc(format_delta_value(d, d.base)),
                  esc(format_delta_value(d, d.head)), esc(format_change_pct(d.change_pct())),
                  d.crossed ? "<span class=\"bad\">over " + esc(limit) + "</span>" : esc(limit)});
    }
  if (rows.empty()) return note("no measure to compare");
  return table({"scenario", "measure", "base", "head", "change", "limit"}, rows);
}

std::string left_out(const query::RunComparison& c) {
  if (c.only_in_base.empty() && c.only_in_head.empty()) return "";
  std::string items;
  for (const auto& s : c.only_in_base) items += "<li>" + esc(s) + " (base only)</li>";
  for (const auto& s : c.only_in_head) items += "<li>" + esc(s) + " (head only)</li>";
  return "<h3>Left out (not in both runs)</h3><ul>" + items + "</ul>\n";
}

}  // namespace

std::string p95_base_head(const query::RunReport& base, const query::RunReport& head) {
  std::vector<std::string> names;
  std::map<std::string, std::pair<double, double>> p95;  // base, head; -1: none
  auto add = [&](const std::string& name) -> std::pair<double, double>& {
    auto [it, inserted] = p95.try_emplace(name, -1.0, -1.0);
    if (inserted) names.push_back(name);
    return it->second;
  };
  for (const auto& s : head.steps) add(s.name).second = static_cast<double>(s.p95_us);
  for (const auto& s : base.steps) add(s.name).first = static_cast<double>(s.p95_us);
  if (names.empty()) return section("latency", "p95 latency by step", note("no spans stored for either run"));
  BarChart chart{"p95 latency by step, base and head", "p95 latency", {"base", "head"}, {}, [](double us) {
                   return format_duration_us(static_cast<std::int64_t>(us));
                 }};
  for (const auto& n : names) chart.groups.push_back({n, {p95[n].first, p95[n].second}});
  return section("latency", "p95 latency by step", bar_chart_svg(chart));
}

std::string cost_base_head(const query::RunReport& base, const query::RunReport& head,
                           const query::RunComparison& c) {
  std::map<std::string, double> before, after;
  for (const auto& s : scenario_costs(base)) before[s.scenario] = s.actual_usd;
  for (const auto& s : scenario_costs(head)) after[s.scenario] = s.actual_usd;
  if (c.scenarios.empty()) return section("cost", "Cost per scenario", note("the runs share no scenario"));
  BarChart chart{"cost per scenario, base and head", "cost (USD)", {"base", "head"}, {}, [](double usd) {
                   return format_usd(usd);
                 }};
  for (const auto& s : c.scenarios)
    chart.groups.push_back({s.scenario, {before[s.scenario], after[s.scenario]}});
  return section("cost", "Cost per scenario", bar_chart_svg(chart));
}

std::string comparison_changes(const query::RunComparison& c) {
  const query::CompareThresholds& t = c.thresholds;
  const std::string thresholds =
      "Thresholds: turn and step p95 " + format_limit_pct(t.max_latency_increase_pct) + " (and over " +
      format_duration_us(t.latency_floor_us) + "), cost " + format_limit_pct(t.max_cost_increase_pct) +
      (t.fail_on_new_failures ? ", a newly failing check fails."
                              : ", newly failing checks are reported only.");
  return section(
      "changes", "Changes, base → head",
      note(thresholds) + deltas(c) + check_changes(c, true) + check_changes(c, false) + left_out(c));
}

}  // namespace dq::render::html
