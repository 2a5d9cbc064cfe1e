#include "cli/cost/price_table.hpp"

#include <gtest/gtest.h>

namespace dq::cost {
namespace {

TEST(PriceTable, TheBuiltInTableHasTheDocumentedPrices) {
  auto t = PriceTable::builtin();
  ASSERT_TRUE(t.has_value()) << t.error().to_string();
  const ModelPrice* sonnet = t->find("anthropic", "claude-sonnet-4-6");
  ASSERT_NE(sonnet, nullptr);
  EXPECT_EQ(sonnet->input_per_mtok, 3);
  EXPECT_EQ(sonnet->output_per_mtok, 15);
  EXPECT_EQ(sonnet->cache_read_per_mtok, 0.3);
  const ModelPrice* haiku = t->find("anthropic", "claude-haiku-4-5");
  ASSERT_NE(haiku, nullptr);
  EXPECT_EQ(haiku->output_per_mtok, 5);
  EXPECT_NE(t->find("openrouter", "anthropic/claude-sonnet-4.6"), nullptr);
  EXPECT_EQ(t->find("anthropic", "gpt-4"), nullptr);
  EXPECT_EQ(t->as_of(), "2026-11-22");
}

TEST(PriceTable, CostFollowsTheFormulaIncludingCacheTokens) {
  ModelPrice p{"anthropic", "m", 3, 15, 3.75, 6, 0.3};
  EXPECT_DOUBLE_EQ(cost_usd(p, {1'000'000, 0}), 3.0);
  EXPECT_DOUBLE_EQ(cost_usd(p, {1000, 200, 100, 10, 5000}), (3000 + 375 + 60 + 1500 + 3000) / 1e6);
}

TEST(PriceTable, BadTablesSayWhatIsWrong) {
  EXPECT_EQ(PriceTable::parse("nope", "p.json").error().code, "cost.bad_price_table");
  EXPECT_NE(PriceTable::parse(R"({"format_version": 2, "models": []})", "p.json").error().message.find("format_version"),
            std::string::npos);
  auto missing = PriceTable::parse(R"({"format_version": 1, "models": [{"provider": "a", "model": "m", "input_per_mtok": 1}]})", "p.json");
  EXPECT_EQ(missing.error().message, "models[0] (m): missing 'output_per_mtok'");
  auto negative = PriceTable::parse(
      R"({"format_version": 1, "models": [{"provider": "a", "model": "m", "input_per_mtok": -1, "output_per_mtok": 1}]})", "p.json");
  EXPECT_NE(negative.error().message.find(">= 0"), std::string::npos);
  auto twice = PriceTable::parse(R"({"format_version": 1, "models": [
    {"provider": "a", "model": "m", "input_per_mtok": 1, "output_per_mtok": 1},
    {"provider": "a", "model": "m", "input_per_mtok": 1, "output_per_mtok": 1}]})", "p.json");
  EXPECT_NE(twice.error().message.find("listed twice"), std::string::npos);
  EXPECT_EQ(PriceTable::load_file("/nonexistent/prices.json").error().code, "cost.io");
}

TEST(PriceTable, AUserFileReplacesAndAddsModels) {
  auto t = *PriceTable::builtin();
  auto user = PriceTable::parse(R"({"format_version": 1, "as_of": "2027-01-01", "models": [
    {"provider": "anthropic", "model": "claude-sonnet-4-6", "input_per_mtok": 1, "output_per_mtok": 2},
    {"provider": "openrouter", "model": "x/y", "input_per_mtok": 4, "output_per_mtok": 8}]})", "user.json");
  ASSERT_TRUE(user.has_value());
  t.override_with(*user);
  EXPECT_EQ(t.find("anthropic", "claude-sonnet-4-6")->input_per_mtok, 1);
  EXPECT_EQ(t.find("openrouter", "x/y")->output_per_mtok, 8);
  EXPECT_EQ(t.as_of(), "2027-01-01");
}

}  // namespace
}  // namespace dq::cost
