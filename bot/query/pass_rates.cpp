#include "bot/query/pass_rates.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace dq::query {
namespace {

PassRate& rate_for(std::vector<PassRate>& rates, const std::string& scenario, int turn,
                   const std::string& check) {
  for (auto& r : rates)
    if (r.scenario == scenario && r.turn == turn && r.check == check) return r;
  rates.push_back({scenario, turn, check});
  return rates.back();
}

void count(PassRate& r, bool passed) {
  ++r.total;
  r.passed += passed ? 1 : 0;
}

std::string percent(double share) {
  return std::to_string(static_cast<int>(std::lround(share * 100))) + "%";
}

}  // namespace

std::pair<double, double> wilson_interval(int passed, int total, double z) {
  if (total <= 0) return {0.0, 0.0};
  const double n = total, p = passed / n, z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
  // At 0% and 100% the bound is exactly 0 or 1; rounding would leave a crumb.
  return {passed == 0 ? 0.0 : std::max(0.0, centre - half),
          passed == total ? 1.0 : std::min(1.0, centre + half)};
}

PassRates pass_rates(const std::vector<ScenarioRow>& scenarios, const std::vector<CheckRow>& checks) {
  PassRates out;
  for (const auto& s : scenarios) count(rate_for(out.scenarios, s.scenario, 0, ""), s.status == "passed");
  for (const auto& c : checks)
    if (c.status == "pass" || c.status == "fail")
      count(rate_for(out.checks, c.scenario, c.turn, c.check), c.status == "pass");
  for (auto* list : {&out.scenarios, &out.checks})
    for (auto& r : *list) std::tie(r.low, r.high) = wilson_interval(r.passed, r.total);
  return out;
}

std::string describe(const PassRate& r) {
  return percent(r.rate()) + " (" + std::to_string(r.passed) + "/" + std::to_string(r.total) + ", 95% CI " +
         percent(r.low) + "-" + percent(r.high) + ")";
}

}  // namespace dq::query
