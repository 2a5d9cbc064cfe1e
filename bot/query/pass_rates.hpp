#pragma once
// Pass rates of repeated runs (`run --repeat N`): for each scenario, the share of its repetitions that
// passed, and for each check (scenario, turn, check name), the share of its evaluations that passed, each
// with a 95% Wilson score interval (good at small N and at 0% or 100%, where the normal approximation is
// not). Pure; the run's output and the report both compute it from stored rows.

#include <string>
#include <utility>
#include <vector>

#include "bot/query/store_rows.hpp"

namespace dq::query {

struct PassRate {
  std::string scenario;
  int turn = 0;       // checks only
  std::string check;  // checks only; empty for a scenario's own rate
  int passed = 0, total = 0;
  double low = 0, high = 0;  // the 95% interval
  double rate() const { return total == 0 ? 0.0 : static_cast<double>(passed) / total; }
};

struct PassRates {
  std::vector<PassRate> scenarios;  // in the order of the rows
  std::vector<PassRate> checks;     // evaluated checks (pass or fail); not_evaluated ones are left out
};

// The Wilson score interval for `passed` of `total` at z (1.96: 95%); {0, 0} when total is 0.
std::pair<double, double> wilson_interval(int passed, int total, double z = 1.959963984540054);

PassRates pass_rates(const std::vector<ScenarioRow>& scenarios, const std::vector<CheckRow>& checks);

// "67% (2/3, 95% CI 21%-94%)"
std::string describe(const PassRate& rate);

}  // namespace dq::query
