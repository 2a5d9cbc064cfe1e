#include "cli/render/report_facts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

#include "cli/render/style.hpp"

namespace dq::render {

std::int64_t llm_calls(const query::RunReport& report) {
  return std::count_if(report.samples.begin(), report.samples.end(),
                       [](const query::StepSample& s) { return !s.model.empty(); });
}

std::vector<ScenarioCost> scenario_costs(const query::RunReport& report) {
  std::map<std::string, ScenarioCost> by_name;
  auto at = [&](const std::string& name) -> ScenarioCost& {
    auto [it, _] = by_name.try_emplace(name, ScenarioCost{name});
    return it->second;
  };
  for (const auto& s : report.scenarios) at(s.scenario);
  for (const auto& s : report.samples)
    if (!s.model.empty() && !s.scenario.empty()) at(s.scenario).actual_usd += s.cost_usd;
  for (const auto& e : report.estimates) {
    ScenarioCost& c = at(e.scenario);
    c.estimate_usd = std::max(c.estimate_usd, 0.0) + e.expected_usd;
  }
  std::vector<ScenarioCost> out;
  out.reserve(by_name.size());
  for (auto& [_, c] : by_name) out.push_back(std::move(c));
  return out;
}

EstimateTotals estimate_totals(const query::RunReport& report) {
  EstimateTotals t;
  for (const auto& e : report.estimates) {
    t.any = true;
    t.planned_calls += e.planned_calls;
    t.expected_usd += e.expected_usd;
    t.worst_usd += e.worst_usd;
  }
  return t;
}

std::string estimate_error(double expected_usd, double actual_usd) {
  if (expected_usd < 0) return "-";
  if (expected_usd == 0) return actual_usd == 0 ? "+0%" : "new";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.0f%%", (actual_usd - expected_usd) / expected_usd * 100);
  return buf;
}

std::vector<FailingCell> failing_cells(const query::RunReport& report) {
  std::vector<FailingCell> out;
  std::map<std::tuple<std::string, int, int>, std::size_t> index;
  auto cell = [&](const std::string& scenario, int repetition, int turn) -> FailingCell& {
    auto [it, inserted] = index.try_emplace({scenario, repetition, turn}, out.size());
    if (inserted) out.push_back({scenario, repetition, turn, {}, "fail-" + std::to_string(out.size() + 1)});
    return out[it->second];
  };
  for (const auto& s : report.scenarios)
    if (!s.error.empty())
      cell(s.scenario, s.repetition, -2)
          .checks.push_back({s.scenario, -2, "error", "fail", s.error, s.repetition});
  for (const auto& c : report.checks)
    if (c.status == "fail") cell(c.scenario, c.repetition, c.turn).checks.push_back(c);
  return out;
}

std::string cell_place(int turn) {
  return turn == -2 ? "scenario" : check_place(turn);
}

bool repeated(const query::RunReport& report) {
  return std::any_of(report.scenarios.begin(), report.scenarios.end(),
                     [](const query::ScenarioRow& s) { return s.repetition > 1; });
}

std::vector<query::CheckRow> judged_checks(const query::RunReport& report) {
  std::vector<query::CheckRow> out;
  for (const auto& c : report.checks)
    if (c.check.find("judge") != std::string::npos && !c.detail.empty() && c.status != "not_evaluated")
      out.push_back(c);
  return out;
}

}  // namespace dq::render
