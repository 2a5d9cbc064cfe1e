#include "cli/cost/estimate.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace dq::cost {
namespace {

PriceTable prices() {
  return *PriceTable::parse(R"({"format_version": 1, "models": [
    {"provider": "anthropic", "model": "s", "input_per_mtok": 3, "output_per_mtok": 15},
    {"provider": "anthropic", "model": "h", "input_per_mtok": 1, "output_per_mtok": 5}]})", "t");
}

TEST(Estimate, AddsUpPerScenarioPerModelAndInTotal) {
  std::vector<PlannedCall> calls = {{"a", "anthropic", "s", 1000, 100, 400},
                                    {"a", "anthropic", "h", 2000, 300, 600},
                                    {"b", "anthropic", "s", 1000, 100, 400}};
  Estimate e = estimate(calls, prices());
  ASSERT_EQ(e.scenarios.size(), 2u);
  EXPECT_EQ(e.calls, 3);
  EXPECT_DOUBLE_EQ(e.scenarios[0].expected_usd, (3000 + 1500 + 2000 + 1500) / 1e6);
  EXPECT_DOUBLE_EQ(e.scenarios[0].worst_usd, (3000 + 6000 + 2000 + 3000) / 1e6);
  ASSERT_EQ(e.models.size(), 2u);
  EXPECT_EQ(e.models[0].calls, 2);
  EXPECT_DOUBLE_EQ(e.worst_usd, (3000 + 6000 + 2000 + 3000 + 3000 + 6000) / 1e6);
  EXPECT_GE(e.worst_usd, e.expected_usd);
  EXPECT_TRUE(e.unknown_models.empty());
}

TEST(Estimate, UnknownModelsAreListedNotHidden) {
  Estimate e = estimate({{"a", "openrouter", "who/knows", 10, 10, 10}}, prices());
  EXPECT_EQ(e.unknown_models, std::vector<std::string>{"openrouter/who/knows"});
  EXPECT_NE(estimate_text(e).find("unknown model"), std::string::npos);
}

TEST(Estimate, CalibrationScalesTokensByRecordedOverEstimatedButNeverPastMaxTokens) {
  Calibration c = calibrate({{{100, 50}, {150, 100}}, {{100, 50}, {130, 60}}});
  EXPECT_DOUBLE_EQ(c.input_ratio, 280.0 / 200.0);
  EXPECT_DOUBLE_EQ(c.output_ratio, 160.0 / 100.0);
  EXPECT_EQ(c.samples, 2);
  PlannedCall p = apply(c, {"a", "anthropic", "s", 1000, 300, 400});
  EXPECT_EQ(p.input_tokens, 1400);
  EXPECT_EQ(p.expected_output_tokens, 400);
  EXPECT_EQ(calibrate({}).output_ratio, 1.0);
}

TEST(Estimate, TextAndJsonCarryTheSameFigures) {
  Estimate e = estimate({{"a", "anthropic", "s", 1000, 100, 400}}, prices());
  EXPECT_NE(estimate_text(e).find("total: expected $0.0045, worst case $0.01"), std::string::npos) << estimate_text(e);
  auto j = nlohmann::json::parse(estimate_json(e));
  EXPECT_DOUBLE_EQ(j["worst_usd"].get<double>(), 0.009);
  EXPECT_EQ(j["scenarios"][0]["models"][0]["model"], "s");
}

}  // namespace
}  // namespace dq::cost
