#pragma once
// Which LLM calls a scenario will make, and how big they are, before any is made: the scenario is played
// through the real pipeline against the dry-run LLM, and every request it sends is measured. So the call
// count and the prompts (persona, facts, growing history) are the ones a live run sends; only the replies
// are guesses, sized by `expected_output_tokens` below and calibrated on recordings by the caller.

#include <vector>

#include "bot/cost/estimate.hpp"
#include "bot/query/store_rows.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::harness {

// A reply's expected length before calibration: a counterpart answers in a few sentences, the coach in a
// JSON object with a paragraph of advice, the trainee in one line. Never more than the agent's max_tokens.
// A simulated trainee is planned at its max_turns (the worst case), whatever the dry-run trainee decides, and
// every judge with all its samples.
inline constexpr std::int64_t kExpectedCounterpartTokens = 120;
inline constexpr std::int64_t kExpectedCoachTokens = 300;
inline constexpr std::int64_t kExpectedTraineeTokens = 60;  // one chat line in a small JSON object
inline constexpr std::int64_t kExpectedJudgeTokens = 80;    // a score and a sentence or two of reasoning

std::vector<cost::PlannedCall> plan_calls(const scenario::Scenario& scenario);

// Every scenario's planned calls, calibrated, priced; `repeat` times each (`run --repeat`).
cost::Estimate estimate_scenarios(const std::vector<scenario::Scenario>& scenarios,
                                  const cost::PriceTable& prices, const cost::Calibration& calibration = {},
                                  int repeat = 1);

// The estimate as the rows `run` stores: one per scenario and role, the same sums the printed table shows.
std::vector<query::EstimateRow> estimate_rows(const cost::Estimate& estimate);

}  // namespace dq::harness
