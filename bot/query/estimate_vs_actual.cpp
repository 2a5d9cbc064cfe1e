#include "bot/query/estimate_vs_actual.hpp"

#include <algorithm>

namespace dq::query {
namespace {

constexpr std::string_view kLlmPrefix = "llm.";

EstimateRow& row_for(std::vector<EstimateRow>& rows, const std::string& scenario, std::string_view role) {
  for (auto& r : rows)
    if (r.scenario == scenario && r.role == role) return r;
  EstimateRow r;
  r.scenario = scenario;
  r.role = std::string(role);
  rows.push_back(std::move(r));
  return rows.back();
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

std::vector<EstimateRow> estimate_vs_actual(std::vector<EstimateRow> planned,
                                            const std::vector<StepSample>& samples) {
  if (planned.empty()) return planned;
  for (const StepSample& s : samples) {
    if (!std::string_view(s.name).starts_with(kLlmPrefix)) continue;
    EstimateRow& row = row_for(planned, s.scenario, std::string_view(s.name).substr(kLlmPrefix.size()));
    row.calls += s.error ? 0 : 1;
    row.input_tokens += s.input_tokens;
    row.output_tokens += s.output_tokens;
    row.cost_usd += s.cost_usd;
  }
  std::stable_sort(planned.begin(), planned.end(),
                   [](const EstimateRow& a, const EstimateRow& b) { return a.scenario < b.scenario; });
  return planned;
}

std::optional<double> estimate_error_pct(double expected_usd, double actual_usd) {
  if (expected_usd <= 0) return std::nullopt;
  return (actual_usd - expected_usd) / expected_usd * 100.0;
}

EstimateRow estimate_total(const std::vector<EstimateRow>& rows) {
  EstimateRow t;
  t.role = "total";
  for (const auto& r : rows) {
    t.planned_calls += r.planned_calls;
    t.planned_input_tokens += r.planned_input_tokens;
    t.planned_output_tokens += r.planned_output_tokens;
    t.expected_usd += r.expected_usd;
    t.worst_usd += r.worst_usd;
    t.calls += r.calls;
    t.input_tokens += r.input_tokens;
    t.output_tokens += r.output_tokens;
    t.cost_usd += r.cost_usd;
  }
  return t;
}

std::optional<EstimateAccuracy> estimate_accuracy(const std::vector<RunListRow>& runs, std::string_view mode,
                                                  int max_runs) {
  std::vector<double> pcts;
  for (const RunListRow& r : runs) {
    if (static_cast<int>(pcts.size()) >= max_runs) break;
    const bool finished = r.run.status == "passed" || r.run.status == "failed";
    if (r.run.mode != mode || !finished || r.expected_usd <= 0) continue;
    pcts.push_back(r.cost_usd / r.expected_usd * 100.0);
  }
  if (pcts.empty()) return std::nullopt;
  const auto [lo, hi] = std::minmax_element(pcts.begin(), pcts.end());
  return EstimateAccuracy{std::string(mode), static_cast<int>(pcts.size()), *lo, median_of(pcts), *hi};
}

}  // namespace dq::query
