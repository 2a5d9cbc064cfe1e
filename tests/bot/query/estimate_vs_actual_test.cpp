#include "bot/query/estimate_vs_actual.hpp"

#include <gtest/gtest.h>

namespace dq::query {
namespace {

EstimateRow planned(std::string scenario, std::string role, std::int64_t calls, double expected) {
  EstimateRow r;
  r.scenario = std::move(scenario);
  r.role = std::move(role);
  r.planned_calls = calls;
  r.planned_input_tokens = calls * 100;
  r.planned_output_tokens = calls * 10;
  r.expected_usd = expected;
  r.worst_usd = expected * 10;
  return r;
}

StepSample span(std::string scenario, std::string name, std::int64_t in, std::int64_t out, double cost,
                bool error = false) {
  StepSample s;
  s.scenario = std::move(scenario);
  s.name = std::move(name);
  s.model = "m";
  s.input_tokens = in;
  s.output_tokens = out;
  s.cost_usd = cost;
  s.error = error;
  return s;
}

TEST(EstimateVsActual, EachLlmSpanAddsToItsScenarioAndRole) {
  const auto rows = estimate_vs_actual(
      {planned("a", "counterpart", 2, 0.02), planned("b", "counterpart", 1, 0.01)},
      {span("a", "llm.counterpart", 100, 10, 0.011), span("a", "llm.counterpart", 120, 12, 0.013),
       span("b", "llm.counterpart", 90, 9, 0.008), span("a", "pipeline.turn", 999, 999, 9)});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].calls, 2);
  EXPECT_EQ(rows[0].input_tokens, 220);
  EXPECT_EQ(rows[0].output_tokens, 22);
  EXPECT_DOUBLE_EQ(rows[0].cost_usd, 0.024);
  EXPECT_EQ(rows[0].planned_calls, 2) << "the planned figures are kept";
  EXPECT_EQ(rows[1].calls, 1);
  EXPECT_DOUBLE_EQ(rows[1].cost_usd, 0.008);
}

TEST(EstimateVsActual, AFailedSpanIsNoCallButItsCostCounts) {
  const auto rows = estimate_vs_actual(
      {planned("a", "coach", 1, 0.01)},
      {span("a", "llm.coach", 50, 0, 0.004, /*error=*/true), span("a", "llm.coach", 50, 5, 0.005)});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].calls, 1);
  EXPECT_DOUBLE_EQ(rows[0].cost_usd, 0.009);
}

TEST(EstimateVsActual, ARoleUsedButNotPlannedGetsARowOfItsOwnInItsScenario) {
  const auto rows =
      estimate_vs_actual({planned("a", "counterpart", 1, 0.01), planned("b", "counterpart", 1, 0.01)},
                         {span("a", "llm.judge", 40, 4, 0.002)});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].scenario, "a");
  EXPECT_EQ(rows[1].role, "judge");
  EXPECT_EQ(rows[1].planned_calls, 0);
  EXPECT_EQ(rows[1].calls, 1);
  EXPECT_EQ(rows[2].scenario, "b");
}

TEST(EstimateVsActual, WithoutPlannedRowsThereIsNoEstimateWhateverTheSpans) {
  EXPECT_TRUE(estimate_vs_actual({}, {span("a", "llm.counterpart", 1, 1, 1)}).empty());
}

TEST(EstimateVsActual, TheErrorIsRelativeToTheExpectedCostAndUndefinedWithoutOne) {
  EXPECT_DOUBLE_EQ(*estimate_error_pct(0.02, 0.03), 50.0);
  EXPECT_DOUBLE_EQ(*estimate_error_pct(0.02, 0.0), -100.0);
  EXPECT_FALSE(estimate_error_pct(0.0, 0.01).has_value());
}

TEST(EstimateVsActual, TheTotalAddsEveryRow) {
  auto rows = estimate_vs_actual({planned("a", "counterpart", 2, 0.02), planned("b", "coach", 1, 0.01)},
                                 {span("a", "llm.counterpart", 100, 10, 0.015)});
  const EstimateRow t = estimate_total(rows);
  EXPECT_EQ(t.planned_calls, 3);
  EXPECT_EQ(t.planned_input_tokens, 300);
  EXPECT_DOUBLE_EQ(t.expected_usd, 0.03);
  EXPECT_DOUBLE_EQ(t.worst_usd, 0.3);
  EXPECT_EQ(t.calls, 1);
  EXPECT_DOUBLE_EQ(t.cost_usd, 0.015);
}

RunListRow listed(std::string mode, std::string status, double cost, double expected) {
  RunListRow r;
  r.run.mode = std::move(mode);
  r.run.status = std::move(status);
  r.cost_usd = cost;
  r.expected_usd = expected;
  return r;
}

TEST(EstimateAccuracy, TakesTheLatestFinishedRunsOfTheModeThatHaveAnEstimate) {
  const std::vector<RunListRow> runs{
      listed("live", "passed", 0.8, 1.0),   listed("live", "running", 0.1, 1.0),
      listed("replay", "passed", 5.0, 1.0), listed("live", "failed", 0.6, 1.0),
      listed("live", "passed", 0.5, -1),    listed("live", "budget_exceeded", 0.2, 1.0),
      listed("live", "passed", 0.7, 1.0),   listed("live", "passed", 0.9, 1.0),
  };
  auto a = estimate_accuracy(runs, "live", 3);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->mode, "live");
  EXPECT_EQ(a->runs, 3);
  EXPECT_DOUBLE_EQ(a->min_pct, 60);
  EXPECT_DOUBLE_EQ(a->median_pct, 70);
  EXPECT_DOUBLE_EQ(a->max_pct, 80);
}

TEST(EstimateAccuracy, AnEvenCountHasTheMiddleTwoAveragedAsMedian) {
  auto a =
      estimate_accuracy({listed("live", "passed", 0.5, 1.0), listed("live", "passed", 1.0, 1.0)}, "live");
  ASSERT_TRUE(a.has_value());
  EXPECT_DOUBLE_EQ(a->median_pct, 75);
}

TEST(EstimateAccuracy, NoRunOfTheModeWithAnEstimateIsNothing) {
  EXPECT_FALSE(estimate_accuracy({listed("replay", "passed", 1, 1), listed("live", "passed", 1, -1),
                                  listed("live", "passed", 1, 0)},
                                 "live")
                   .has_value());
}

}  // namespace
}  // namespace dq::query
