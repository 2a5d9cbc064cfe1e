#pragma once
// What a run will cost before it runs: per scenario and in total, per model, the number of LLM calls, the
// expected cost and the worst case (every reply at max_tokens). The caller describes the planned calls
// (harness::plan_calls); recorded usage calibrates the token guesses.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cli/cost/price_table.hpp"

namespace dq::cost {

struct PlannedCall {
  std::string scenario;
  std::string provider, model;
  std::int64_t input_tokens = 0;
  std::int64_t expected_output_tokens = 0;
  std::int64_t max_tokens = 0;
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
};

struct Estimate {
  std::vector<ScenarioEstimate> scenarios;
  std::vector<ModelLine> models;
  int calls = 0;
  double expected_usd = 0, worst_usd = 0;
  std::vector<std::string> unknown_models;  // "provider/model", priced at 0 in the figures above
};

Estimate estimate(const std::vector<PlannedCall>& calls, const PriceTable& prices);

// Recorded / estimated token ratios (sums over samples; 1.0 without samples).
struct Calibration {
  double input_ratio = 1.0;
  double output_ratio = 1.0;
  int samples = 0;
};
Calibration calibrate(const std::vector<std::pair<TokenCounts, TokenCounts>>& estimated_and_recorded);
PlannedCall apply(const Calibration& c, PlannedCall call);

std::string estimate_text(const Estimate& e);
std::string estimate_json(const Estimate& e);

}  // namespace dq::cost
