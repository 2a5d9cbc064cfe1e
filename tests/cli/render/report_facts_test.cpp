#include "cli/render/report_facts.hpp"

#include <gtest/gtest.h>

#include "tests/cli/render/report_fixtures.hpp"

namespace dq::render {
namespace {

TEST(ReportFacts, CostPerScenarioSumsItsLlmSpansAndItsEstimateOverRoles) {
  auto r = testing::sample_report(2);
  r.samples.push_back(testing::sample("llm.coach", "scenario-1", 10, 0.5));
  r.samples.push_back(testing::sample("llm.coach", "", 10, 7.0));  // bot traffic: no scenario
  query::EstimateRow counterpart, coach;
  counterpart.scenario = coach.scenario = "scenario-1";
  counterpart.role = "counterpart";
  coach.role = "coach";
  counterpart.expected_usd = 0.25;
  coach.expected_usd = 0.5;
  r.estimates = {counterpart, coach};
  const auto costs = scenario_costs(r);
  ASSERT_EQ(costs.size(), 2u);
  EXPECT_EQ(costs[0].scenario, "scenario-0");
  EXPECT_NEAR(costs[0].actual_usd, 0.003, 1e-12);
  EXPECT_LT(costs[0].estimate_usd, 0) << "no estimate for it";
  EXPECT_NEAR(costs[1].actual_usd, 0.006 + 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(costs[1].estimate_usd, 0.75);
  const EstimateTotals t = estimate_totals(r);
  EXPECT_TRUE(t.any);
  EXPECT_DOUBLE_EQ(t.expected_usd, 0.75);
  EXPECT_EQ(llm_calls(r), 6 + 2);
}

TEST(ReportFacts, TheEstimateErrorIsThePercentOffTheExpectedCost) {
  EXPECT_EQ(estimate_error(0.1, 0.15), "+50%");
  EXPECT_EQ(estimate_error(0.2, 0.1), "-50%");
  EXPECT_EQ(estimate_error(-1, 0.1), "-");
  EXPECT_EQ(estimate_error(0, 0), "+0%");
  EXPECT_EQ(estimate_error(0, 0.1), "new");
}

TEST(ReportFacts, FailingChecksAreGroupedByCellWithUniqueAnchorsAndAnErrorIsACellOfItsOwn) {
  auto r = testing::sample_report(5);
  r.checks.push_back({"scenario-1", 2, "faithful", "fail", "invented $9,999"});
  r.checks.push_back({"scenario-1", 2, "judge", "not_evaluated", "dry run"});
  r.scenarios[0].error = "llm.timeout: no answer";
  const auto cells = failing_cells(r);
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(cells[0].scenario, "scenario-0");
  EXPECT_EQ(cells[0].turn, -2);
  EXPECT_EQ(cell_place(cells[0].turn), "scenario");
  EXPECT_EQ(cells[0].checks.at(0).detail, "llm.timeout: no answer");
  EXPECT_EQ(cells[1].scenario, "scenario-1");
  ASSERT_EQ(cells[1].checks.size(), 2u) << "both failing checks of turn 2, not the skipped one";
  EXPECT_EQ(cells[1].checks[1].check, "faithful");
  EXPECT_EQ(cells[2].scenario, "scenario-4");
  EXPECT_EQ(cells[0].anchor, "fail-1");
  EXPECT_EQ(cells[1].anchor, "fail-2");
  EXPECT_EQ(cells[2].anchor, "fail-3");
  EXPECT_FALSE(repeated(r));
  r.scenarios.push_back({"scenario-0", "scenario-0.yaml", "passed", 3, 1, "", 2});
  EXPECT_TRUE(repeated(r));
}

}  // namespace
}  // namespace dq::render
