#include "bot/query/pass_rates.hpp"

#include <gtest/gtest.h>

namespace dq::query {
namespace {

TEST(PassRates, TheWilsonIntervalMatchesPublishedValuesAndStaysInZeroToOne) {
  auto [low, high] = wilson_interval(3, 3);
  EXPECT_NEAR(low, 0.4385, 1e-4);
  EXPECT_DOUBLE_EQ(high, 1.0);
  std::tie(low, high) = wilson_interval(0, 3);
  EXPECT_DOUBLE_EQ(low, 0.0);
  EXPECT_NEAR(high, 0.5615, 1e-4);
  std::tie(low, high) = wilson_interval(2, 3);
  EXPECT_NEAR(low, 0.2077, 1e-4);
  EXPECT_NEAR(high, 0.9385, 1e-4);
  std::tie(low, high) = wilson_interval(81, 263);  // Wilson (1927) via Newcombe (1998), case 1
  EXPECT_NEAR(low, 0.2553, 1e-4);
  EXPECT_NEAR(high, 0.3662, 1e-4);
  EXPECT_EQ(wilson_interval(0, 0), std::make_pair(0.0, 0.0));
}

TEST(PassRates, CountScenariosByRepetitionAndChecksByScenarioTurnAndName) {
  const std::vector<ScenarioRow> scenarios{{"car", "", "passed", 4, 0, "", 1},
                                           {"car", "", "failed", 4, 0, "", 2},
                                           {"car", "", "passed", 4, 0, "", 3},
                                           {"lease", "", "passed", 5, 0, "", 1}};
  const std::vector<CheckRow> checks{{"car", 2, "faithful", "pass", "", 1},
                                     {"car", 2, "faithful", "fail", "invented", 2},
                                     {"car", 2, "faithful", "pass", "", 3},
                                     {"car", 0, "judge", "not_evaluated", "dry-run", 1}};
  const PassRates rates = pass_rates(scenarios, checks);
  ASSERT_EQ(rates.scenarios.size(), 2u);
  EXPECT_EQ(rates.scenarios[0].scenario, "car");
  EXPECT_EQ(rates.scenarios[0].passed, 2);
  EXPECT_EQ(rates.scenarios[0].total, 3);
  EXPECT_EQ(describe(rates.scenarios[0]), "67% (2/3, 95% CI 21%-94%)");
  EXPECT_EQ(describe(rates.scenarios[1]), "100% (1/1, 95% CI 21%-100%)");
  ASSERT_EQ(rates.checks.size(), 1u) << "a check that was not evaluated has no rate";
  EXPECT_EQ(rates.checks[0].turn, 2);
  EXPECT_EQ(rates.checks[0].check, "faithful");
  EXPECT_EQ(rates.checks[0].passed, 2);
}

}  // namespace
}  // namespace dq::query
