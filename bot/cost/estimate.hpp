#pragma once
// What a run will cost before it runs: per scenario and in total, per model, the number of LLM calls, the
// expected cost and the worst case (every reply at max_tokens). The caller describes the planned calls
// (harness::plan_calls), so this knows nothing of scenarios or pipelines; recorded usage calibrates the
// token guesses.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bot/cost/price_table.hpp"

namespace dq::cost {

struct PlannedCall {
  std::string scenario;
  std::string provider, model;
  std::int64_t input_tokens = 0;  // expected (calibrated)
  std::int64_t expected_output_tokens = 0;
  std::int64_t max_tokens = 0;
  std::string role;                    // "counterpart" | "coach" | "trainee" | "judge"
  std::int64_t input_token_bound = 0;  // the most input can be (llm::input_token_bound); 0: input_tokens
};

struct RoleLine {
  std::string role;
  int calls = 0;
  double expected_usd = 0, worst_usd = 0;
  std::int64_t input_tokens = 0, expected_output_tokens = 0;
};

struct ModelLine {
  std::string provider, model;
  int calls = 0;
  std::int64_t input_tokens = 0, expected_output_tokens = 0, max_output_tokens = 0;
  double expected_usd = 0, worst_usd = 0;
};

struct ScenarioEstimate {
  std::string scenario;
  int calls = 0;
  double expected_usd = 0, worst_usd = 0;
  std::vector<ModelLine> models;
  std::vector<RoleLine> roles = {};  // in the order of their first call; `run` stores these per run
};

struct Estimate {
  std::vector<ScenarioEstimate> scenarios;
  std::vector<ModelLine> models;
  std::vector<RoleLine> roles;  // in the order of their first call
  int calls = 0;
  double expected_usd = 0, worst_usd = 0;
  // "provider/model" of every call with no price, once each. Those calls count as $0 in the figures above;
  // the caller decides what that means (live mode: `cost.unknown_model`, never a $0 run).
  std::vector<std::string> unknown_models;
};

// Scenarios and models appear in the order of their first call. A call's worst case is what a live call
// reserves against the cap (worst_cost_usd): its input bound at the dearest input rate, and its output at
// max(max_tokens, expected_output_tokens), so worst >= expected always holds.
Estimate estimate(const std::vector<PlannedCall>& calls, const PriceTable& prices);

// How far the text-based token guesses were off on recorded calls: recorded / estimated, as a ratio of sums
// (not an average of per-call ratios, so long prompts weigh more). Input counts include cache tokens.
// A ratio is 1.0 when there are no samples or either sum is zero.
struct Calibration {
  double output_ratio = 1.0;
  double input_ratio = 1.0;
  int samples = 0;
};
Calibration calibrate(
    const std::vector<std::pair<TokenCounts /*estimated*/, TokenCounts /*recorded*/>>& samples);
// Scales input and expected output tokens (rounded); expected output never exceeds max_tokens.
PlannedCall apply(const Calibration& calibration, PlannedCall call);

// A table: one line per scenario (with its models below it), one per model, then
// "total: expected $X.XXXX, worst case $Y.YY" where Y.YY is format_confirmation_amount(worst), the amount
// live mode asks for. That total line is the only one containing "worst case $" (scripts read it).
std::string estimate_text(const Estimate& estimate);
// The same figures as pretty JSON, plus "confirm_amount".
std::string estimate_json(const Estimate& estimate);

}  // namespace dq::cost
