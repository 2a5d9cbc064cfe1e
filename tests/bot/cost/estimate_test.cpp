#include "bot/cost/estimate.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace dq::cost {
namespace {

// Round prices so every figure below can be worked out by hand: "s" is $3 / $15, "h" is $1 / $5 per Mtok. No
// cache rate is above the input rate, so the worst case prices input at the input rate (see the last test).
PriceTable prices() {
  auto t = PriceTable::parse(R"({"format_version": 1, "models": [
    {"provider": "anthropic", "model": "s", "input_per_mtok": 3, "output_per_mtok": 15,
     "cache_write_5m_per_mtok": 3, "cache_write_1h_per_mtok": 3, "cache_read_per_mtok": 0.3},
    {"provider": "anthropic", "model": "h", "input_per_mtok": 1, "output_per_mtok": 5,
     "cache_write_5m_per_mtok": 1, "cache_write_1h_per_mtok": 1, "cache_read_per_mtok": 0.1}]})",
                             "test");
  EXPECT_TRUE(t.has_value());
  return *t;
}

// Scenario "a": one "s" call and one "h" call; scenario "b": one "s" call.
//   a/s: expected 1000·3 + 100·15 = 4500 µ$, worst 1000·3 + 400·15 = 9000 µ$
//   a/h: expected 2000·1 + 300·5  = 3500 µ$, worst 2000·1 + 600·5  = 5000 µ$
//   b/s: as a/s
const std::vector<PlannedCall> kCalls = {{"a", "anthropic", "s", 1000, 100, 400, "counterpart"},
                                         {"a", "anthropic", "h", 2000, 300, 600, "coach"},
                                         {"b", "anthropic", "s", 1000, 100, 400, "counterpart"}};

TEST(Estimate, AddsUpEachScenarioInExactDollars) {
  const Estimate e = estimate(kCalls, prices());
  ASSERT_EQ(e.scenarios.size(), 2u);
  EXPECT_EQ(e.scenarios[0].scenario, "a");
  EXPECT_EQ(e.scenarios[0].calls, 2);
  EXPECT_DOUBLE_EQ(e.scenarios[0].expected_usd, 0.0080);
  EXPECT_DOUBLE_EQ(e.scenarios[0].worst_usd, 0.0140);
  ASSERT_EQ(e.scenarios[0].models.size(), 2u);
  EXPECT_EQ(e.scenarios[0].models[1].model, "h");
  EXPECT_DOUBLE_EQ(e.scenarios[0].models[1].expected_usd, 0.0035);
  EXPECT_EQ(e.scenarios[1].scenario, "b");
  EXPECT_EQ(e.scenarios[1].calls, 1);
  EXPECT_DOUBLE_EQ(e.scenarios[1].expected_usd, 0.0045);
  EXPECT_DOUBLE_EQ(e.scenarios[1].worst_usd, 0.0090);
}

TEST(Estimate, AddsUpEachModelAcrossScenariosWithItsTokens) {
  const Estimate e = estimate(kCalls, prices());
  ASSERT_EQ(e.models.size(), 2u);
  const ModelLine& s = e.models[0];
  EXPECT_EQ(s.provider, "anthropic");
  EXPECT_EQ(s.model, "s");
  EXPECT_EQ(s.calls, 2);
  EXPECT_EQ(s.input_tokens, 2000);
  EXPECT_EQ(s.expected_output_tokens, 200);
  EXPECT_EQ(s.max_output_tokens, 800);
  EXPECT_DOUBLE_EQ(s.expected_usd, 0.0090);
  EXPECT_DOUBLE_EQ(s.worst_usd, 0.0180);
  EXPECT_EQ(e.models[1].calls, 1);
  EXPECT_DOUBLE_EQ(e.models[1].worst_usd, 0.0050);
}

TEST(Estimate, TotalsAreTheSumOfAllCallsAndTheWorstCaseIsNeverBelowExpected) {
  const Estimate e = estimate(kCalls, prices());
  EXPECT_EQ(e.calls, 3);
  EXPECT_DOUBLE_EQ(e.expected_usd, 0.0125);
  EXPECT_DOUBLE_EQ(e.worst_usd, 0.0230);
  EXPECT_GE(e.worst_usd, e.expected_usd);
  EXPECT_TRUE(e.unknown_models.empty());

  // An expected reply longer than max_tokens cannot make the worst case smaller than the expected one.
  const Estimate odd = estimate({{"a", "anthropic", "s", 0, 500, 100, "counterpart"}}, prices());
  EXPECT_DOUBLE_EQ(odd.expected_usd, 0.0075);
  EXPECT_DOUBLE_EQ(odd.worst_usd, 0.0075);
}

TEST(Estimate, NoCallsCostNothing) {
  const Estimate e = estimate({}, prices());
  EXPECT_EQ(e.calls, 0);
  EXPECT_EQ(e.worst_usd, 0);
  EXPECT_TRUE(e.scenarios.empty());
}

TEST(Estimate, UnknownModelsAreListedOnceAndPricedAtZeroInTheFigures) {
  const Estimate e = estimate({{"a", "openrouter", "who/knows", 10, 10, 10, "counterpart"},
                               {"b", "openrouter", "who/knows", 10, 10, 10, "counterpart"},
                               {"b", "anthropic", "s", 1000, 100, 400, "counterpart"}},
                              prices());
  EXPECT_EQ(e.unknown_models, std::vector<std::string>{"openrouter/who/knows"});
  EXPECT_EQ(e.calls, 3) << "the calls are still counted";
  EXPECT_DOUBLE_EQ(e.worst_usd, 0.0090);
  EXPECT_NE(
      estimate_text(e).find("no price for openrouter/who/knows: its calls are left out of the totals above"),
      std::string::npos)
      << estimate_text(e);
  EXPECT_NE(estimate_text(e).find("openrouter/who/knows" + std::string(22, ' ') + "1      no price"),
            std::string::npos)
      << "its lines say so instead of showing $0\n"
      << estimate_text(e);
}

TEST(Calibration, RatiosAreRecordedOverEstimatedSumsNotAveragesOfRatios) {
  // Per-call output ratios 3.0 and 1.0 average 2.0; the sums give (30 + 100) / (10 + 100) = 130/110.
  const Calibration c = calibrate({{{.input = 100, .output = 10}, {.input = 150, .output = 30}},
                                   {{.input = 300, .output = 100}, {.input = 450, .output = 100}}});
  EXPECT_EQ(c.samples, 2);
  EXPECT_DOUBLE_EQ(c.input_ratio, 600.0 / 400.0);
  EXPECT_DOUBLE_EQ(c.output_ratio, 130.0 / 110.0);
}

TEST(Calibration, RecordedCacheTokensCountAsInput) {
  const Calibration c =
      calibrate({{{.input = 1000, .output = 10}, {.input = 200, .output = 10, .cache_read = 900}}});
  EXPECT_DOUBLE_EQ(c.input_ratio, 1.1);
}

TEST(Calibration, WithoutSamplesOrWithZeroSumsTheRatiosAreOne) {
  const Calibration none = calibrate({});
  EXPECT_EQ(none.samples, 0);
  EXPECT_EQ(none.input_ratio, 1.0);
  EXPECT_EQ(none.output_ratio, 1.0);
  const Calibration zero = calibrate({{{.input = 100, .output = 0}, {.input = 0, .output = 50}}});
  EXPECT_EQ(zero.samples, 1);
  EXPECT_EQ(zero.input_ratio, 1.0) << "a ratio of 0 would price every call at $0";
  EXPECT_EQ(zero.output_ratio, 1.0);
}

TEST(Estimate, AddsUpEachRole) {
  const Estimate e = estimate(kCalls, prices());
  ASSERT_EQ(e.roles.size(), 2u);
  EXPECT_EQ(e.roles[0].role, "counterpart");
  EXPECT_EQ(e.roles[0].calls, 2);
  EXPECT_DOUBLE_EQ(e.roles[0].worst_usd, 0.0180);
  EXPECT_EQ(e.roles[1].role, "coach");
  EXPECT_DOUBLE_EQ(e.roles[1].expected_usd, 0.0035);
  const std::string text = estimate_text(e);
  EXPECT_NE(text.find("  per role:\n    counterpart"), std::string::npos) << text;
  EXPECT_NE(estimate_json(e).find("\"role\": \"coach\""), std::string::npos);
}

TEST(Estimate, AddsUpEachRoleOfEachScenarioWithItsTokens) {
  const Estimate e = estimate(kCalls, prices());
  ASSERT_EQ(e.scenarios[0].roles.size(), 2u);
  const RoleLine& coach = e.scenarios[0].roles[1];
  EXPECT_EQ(coach.role, "coach");
  EXPECT_EQ(coach.calls, 1);
  EXPECT_EQ(coach.input_tokens, 2000);
  EXPECT_EQ(coach.expected_output_tokens, 300);
  EXPECT_DOUBLE_EQ(coach.expected_usd, 0.0035);
  EXPECT_DOUBLE_EQ(coach.worst_usd, 0.0050);
  ASSERT_EQ(e.scenarios[1].roles.size(), 1u);
  EXPECT_EQ(e.scenarios[1].roles[0].role, "counterpart");
  EXPECT_DOUBLE_EQ(e.scenarios[1].roles[0].expected_usd, e.scenarios[1].expected_usd);
}

TEST(Calibration, ApplyingItScalesTokensButNeverPushesOutputPastMaxTokens) {
  Calibration c;
  c.input_ratio = 1.4;
  c.output_ratio = 1.6;
  const PlannedCall within = apply(c, {"a", "anthropic", "s", 1000, 200, 400, "counterpart"});
  EXPECT_EQ(within.input_tokens, 1400);
  EXPECT_EQ(within.expected_output_tokens, 320);
  EXPECT_EQ(within.max_tokens, 400);
  EXPECT_EQ(within.scenario, "a");
  EXPECT_EQ(apply(c, {"a", "anthropic", "s", 1000, 300, 400, "counterpart"}).expected_output_tokens, 400);
  const PlannedCall same = apply(Calibration{}, {"a", "anthropic", "s", 1000, 300, 400, "counterpart"});
  EXPECT_EQ(same.input_tokens, 1000);
  EXPECT_EQ(same.expected_output_tokens, 300);
}

TEST(EstimateText, ShowsEachScenarioEachModelAndATotalLineWithTheAmountToType) {
  const std::string text = estimate_text(estimate(kCalls, prices()));
  EXPECT_EQ(text.rfind("cost estimate (3 LLM calls)\n", 0), 0u) << text;
  EXPECT_NE(text.find("  a "), std::string::npos) << text;
  EXPECT_NE(text.find("  b "), std::string::npos) << text;
  EXPECT_NE(text.find("anthropic/h"), std::string::npos) << text;
  EXPECT_NE(text.find("$0.0080"), std::string::npos) << "scenario a, expected\n" << text;
  EXPECT_NE(text.find("(2000 in, 200 out expected, 800 out at most)"), std::string::npos) << text;
  EXPECT_NE(text.find("  total: expected $0.0125, worst case $0.03\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("worst case $"), text.find("worst case $", text.find("total:")))
      << "scripts read the first one, so it must be the total\n"
      << text;
}

TEST(EstimateJson, CarriesTheSameFiguresAndTheAmountToType) {
  const auto j = nlohmann::json::parse(estimate_json(estimate(kCalls, prices())));
  EXPECT_EQ(j["calls"], 3);
  EXPECT_DOUBLE_EQ(j["expected_usd"].get<double>(), 0.0125);
  EXPECT_DOUBLE_EQ(j["worst_usd"].get<double>(), 0.0230);
  EXPECT_EQ(j["confirm_amount"], "0.03");
  EXPECT_EQ(j["unknown_models"], nlohmann::json::array());
  ASSERT_EQ(j["scenarios"].size(), 2u);
  EXPECT_EQ(j["scenarios"][0]["scenario"], "a");
  EXPECT_EQ(j["scenarios"][0]["models"][1]["model"], "h");
  EXPECT_DOUBLE_EQ(j["scenarios"][1]["worst_usd"].get<double>(), 0.0090);
  EXPECT_EQ(j["models"][0]["max_output_tokens"], 800);
}

TEST(Estimate, TheWorstCasePricesTheInputBoundAtTheDearestRateItCouldBeBilledAt) {
  auto t = PriceTable::parse(R"({"format_version": 1, "models": [
    {"provider": "anthropic", "model": "c", "input_per_mtok": 1, "output_per_mtok": 5,
     "cache_write_5m_per_mtok": 1.25, "cache_write_1h_per_mtok": 2, "cache_read_per_mtok": 0.1}]})",
                             "test");
  ASSERT_TRUE(t.has_value());
  PlannedCall call{"a", "anthropic", "c", 1000, 100, 400, "counterpart"};
  call.input_token_bound = 4000;
  const Estimate e = estimate({call}, *t);
  EXPECT_DOUBLE_EQ(e.expected_usd, (1000 * 1 + 100 * 5) / 1e6) << "expected: the calibrated guess";
  EXPECT_DOUBLE_EQ(e.worst_usd, (4000 * 2 + 400 * 5) / 1e6) << "worst: the bound, as a 1 h cache write";
}

}  // namespace
}  // namespace dq::cost
