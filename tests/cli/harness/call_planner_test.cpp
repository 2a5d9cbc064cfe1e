#include "cli/harness/call_planner.hpp"

#include <gtest/gtest.h>

#include "tests/support/scenario_model.hpp"

namespace dq::harness {
namespace {

scenario::Scenario scenario_with_turns(int turns, bool debrief) {
  scenario::Scenario s = testing::bike_scenario();
  s.agents["counterpart"] = {"openrouter", "cheap-model", 300, std::nullopt, std::nullopt};
  s.agents["coach"] = {"anthropic", "claude-haiku-4-5", 80, std::nullopt, std::nullopt};
  for (int i = 0; i < turns; ++i)
    s.turns.push_back({"Would you take $" + std::to_string(800 + i) + "?", {}, {}, {}});
  if (debrief) s.debrief = scenario::Debrief{};
  return s;
}

TEST(CallPlanner, PlansOneCounterpartCallPerTurnAndOneCoachCallForTheDebrief) {
  const auto calls = plan_calls(scenario_with_turns(3, true));
  ASSERT_EQ(calls.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(calls[i].provider, "openrouter");
    EXPECT_EQ(calls[i].model, "cheap-model");
    EXPECT_EQ(calls[i].scenario, "bike");
  }
  EXPECT_EQ(calls[3].provider, "anthropic");
  EXPECT_EQ(calls[3].model, "claude-haiku-4-5");
}

TEST(CallPlanner, EachTurnsPromptCarriesTheConversationSoFar) {
  const auto calls = plan_calls(scenario_with_turns(3, false));
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_LT(calls[0].input_tokens, calls[1].input_tokens);
  EXPECT_LT(calls[1].input_tokens, calls[2].input_tokens);
}

TEST(CallPlanner, TheExpectedReplyIsCappedByTheAgentsMaxTokens) {
  const auto calls = plan_calls(scenario_with_turns(1, true));
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].expected_output_tokens, kExpectedCounterpartTokens);
  EXPECT_EQ(calls[0].max_tokens, 300);
  EXPECT_EQ(calls[1].expected_output_tokens, 80)
      << "the coach's 300 expected tokens are capped at max_tokens 80";
  EXPECT_EQ(calls[1].max_tokens, 80);
}

TEST(CallPlanner, ASimulatedTraineeIsPlannedAtMaxTurnsEvenWhenTheDryRunOneWouldEndSooner) {
  scenario::Scenario s = scenario_with_turns(1, true);
  s.simulated_user = scenario::SimulatedUser{"buy the bike for $800", "", "", 6, {}, {}};
  s.simulated_user->agent = {"anthropic", "claude-haiku-4-5", 120, std::nullopt, std::nullopt};
  const auto calls = plan_calls(s);
  // 1 scripted turn, 6 x (trainee + counterpart) although the dry-run trainee agrees a deal at its turn 4,
  // and the coach.
  ASSERT_EQ(calls.size(), 1u + 12u + 1u);
  EXPECT_EQ(calls[1].role, "trainee");
  EXPECT_EQ(calls[1].max_tokens, 120);
  EXPECT_EQ(calls[1].expected_output_tokens, kExpectedTraineeTokens);
  EXPECT_EQ(calls[2].role, "counterpart");
  EXPECT_EQ(calls[12].role, "counterpart");
  EXPECT_EQ(calls[13].role, "coach");
}

TEST(CallPlanner, AScenarioWithoutTurnsOrDebriefPlansNothing) {
  EXPECT_TRUE(plan_calls(scenario_with_turns(0, false)).empty());
}

TEST(CallPlanner, TheEstimateAddsUpThePlannedCallsOfEveryScenario) {
  const auto prices = *cost::PriceTable::builtin();
  scenario::Scenario a = scenario_with_turns(2, true);
  a.agents["counterpart"] = {"anthropic", "claude-haiku-4-5", 300, std::nullopt, std::nullopt};
  scenario::Scenario b = a;
  b.id = "car";
  const cost::Estimate one = estimate_scenarios({a}, prices);
  const cost::Estimate both = estimate_scenarios({a, b}, prices);
  EXPECT_GT(one.worst_usd, 0.0);
  EXPECT_NEAR(both.worst_usd, 2 * one.worst_usd, 1e-12);
  EXPECT_TRUE(both.unknown_models.empty());
}

TEST(CallPlanner, TheStoredRowsAreOnePerScenarioAndRoleAndAddUpToTheEstimate) {
  const auto prices = *cost::PriceTable::builtin();
  scenario::Scenario a = scenario_with_turns(3, true);
  a.agents["counterpart"] = {"anthropic", "claude-haiku-4-5", 300, std::nullopt, std::nullopt};
  scenario::Scenario b = a;
  b.id = "car";
  const cost::Estimate e = estimate_scenarios({a, b}, prices, {}, 2);
  const auto rows = estimate_rows(e);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].scenario, a.id);
  EXPECT_EQ(rows[0].role, "counterpart");
  EXPECT_EQ(rows[0].planned_calls, 6) << "3 turns, twice";
  EXPECT_EQ(rows[1].role, "coach");
  EXPECT_EQ(rows[1].planned_calls, 2);
  EXPECT_EQ(rows[3].scenario, "car");
  std::int64_t calls = 0;
  double expected = 0, worst = 0;
  for (const auto& r : rows) {
    calls += r.planned_calls;
    expected += r.expected_usd;
    worst += r.worst_usd;
    EXPECT_GT(r.planned_input_tokens, 0);
    EXPECT_GT(r.planned_output_tokens, 0);
  }
  EXPECT_EQ(calls, e.calls);
  EXPECT_NEAR(expected, e.expected_usd, 1e-12);
  EXPECT_NEAR(worst, e.worst_usd, 1e-12);
}

}  // namespace
}  // namespace dq::harness
