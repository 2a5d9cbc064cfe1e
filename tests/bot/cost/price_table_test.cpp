#include "bot/cost/price_table.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/support/temp_dir.hpp"

namespace dq::cost {
namespace {

const std::string kHeader = R"({"format_version": 1, "as_of": "2026-01-01", "models": [)";
const std::string kEntry =
    R"({"provider": "a", "model": "m", "input_per_mtok": 1, "output_per_mtok": 2, "cache_write_5m_per_mtok": 1.25,
        "cache_write_1h_per_mtok": 2, "cache_read_per_mtok": 0.1})";

core::Error parse_error(const std::string& json) {
  auto t = PriceTable::parse(json, "user-prices.json");
  EXPECT_FALSE(t.has_value()) << json;
  if (t) return {};
  EXPECT_EQ(t.error().code, "cost.bad_price_table");
  EXPECT_EQ(t.error().where, "user-prices.json");
  return t.error();
}

std::string with_entry(std::string entry) {
  return kHeader + entry + "]}";
}

std::string replaced(std::string from, const std::string& what, const std::string& with) {
  from.replace(from.find(what), what.size(), with);
  return from;
}

TEST(PriceTable, TheBuiltInTableParsesAndHasTheDocumentedSonnet46AndHaiku45Prices) {
  auto t = PriceTable::builtin();
  ASSERT_TRUE(t.has_value()) << t.error().to_string();
  EXPECT_EQ(t->format_version(), 1);
  EXPECT_EQ(t->as_of(), "2026-11-22");
  const ModelPrice* sonnet = t->find("anthropic", "claude-sonnet-4-6");
  ASSERT_NE(sonnet, nullptr);
  EXPECT_EQ(sonnet->input_per_mtok, 3);
  EXPECT_EQ(sonnet->output_per_mtok, 15);
  EXPECT_EQ(sonnet->cache_write_5m_per_mtok, 3.75);
  EXPECT_EQ(sonnet->cache_write_1h_per_mtok, 6);
  EXPECT_EQ(sonnet->cache_read_per_mtok, 0.30);
  const ModelPrice* haiku = t->find("anthropic", "claude-haiku-4-5");
  ASSERT_NE(haiku, nullptr);
  EXPECT_EQ(haiku->input_per_mtok, 1);
  EXPECT_EQ(haiku->output_per_mtok, 5);
  EXPECT_EQ(haiku->cache_write_5m_per_mtok, 1.25);
  EXPECT_EQ(haiku->cache_write_1h_per_mtok, 2);
  EXPECT_EQ(haiku->cache_read_per_mtok, 0.10);
  EXPECT_EQ(t->find("anthropic", "gpt-4"), nullptr);
  EXPECT_EQ(t->find("openrouter", "claude-sonnet-4-6"), nullptr) << "the provider is part of the key";
}

TEST(PriceTable, TheBuiltInTableHasEveryDocumentedAnthropicModelAndItsOpenRouterTwinAtTheSamePrice) {
  struct Row {
    const char* anthropic;
    const char* openrouter;
    double in, out, hit;
  };
  const std::vector<Row> rows = {
      {"claude-opus-4-5", "anthropic/claude-opus-4.5", 5, 25, 0.5},
      {"claude-opus-4-6", "anthropic/claude-opus-4.6", 5, 25, 0.5},
      {"claude-opus-4-7", "anthropic/claude-opus-4.7", 5, 25, 0.5},
      {"claude-opus-4-8", "anthropic/claude-opus-4.8", 5, 25, 0.5},
      {"claude-sonnet-4-0", "anthropic/claude-sonnet-4", 3, 15, 0.3},
      {"claude-sonnet-4-5", "anthropic/claude-sonnet-4.5", 3, 15, 0.3},
      {"claude-sonnet-4-6", "anthropic/claude-sonnet-4.6", 3, 15, 0.3},
      {"claude-haiku-4-5", "anthropic/claude-haiku-4.5", 1, 5, 0.1},
      {"claude-haiku-4-5-20251001", "anthropic/claude-haiku-4.5", 1, 5, 0.1},
      {"claude-opus-5-5", "anthropic/claude-opus-5.5", 4, 20, 0.2},
      {"claude-sonnet-5-5", "anthropic/claude-sonnet-5.5", 2, 10, 0.1},
      {"claude-haiku-5-5", "anthropic/claude-haiku-5.5", 0.1, 0.5, 0.01},
      {"claude-fable-5-1", "anthropic/claude-fable-5.1", 10, 50, 1},
      {"claude-opus-5", "anthropic/claude-opus-5", 5, 25, 0.5},
      {"claude-sonnet-5", "anthropic/claude-sonnet-5", 2, 10, 0.2},
  };
  auto t = *PriceTable::builtin();
  for (const Row& row : rows) {
    const ModelPrice* a = t.find("anthropic", row.anthropic);
    const ModelPrice* o = t.find("openrouter", row.openrouter);
    ASSERT_NE(a, nullptr) << row.anthropic;
    ASSERT_NE(o, nullptr) << row.openrouter;
    EXPECT_EQ(a->input_per_mtok, row.in) << row.anthropic;
    EXPECT_EQ(a->output_per_mtok, row.out) << row.anthropic;
    EXPECT_EQ(a->cache_read_per_mtok, row.hit) << row.anthropic;
    EXPECT_DOUBLE_EQ(a->cache_write_5m_per_mtok, 1.25 * row.in) << row.anthropic;
    EXPECT_DOUBLE_EQ(a->cache_write_1h_per_mtok, 2 * row.in) << row.anthropic;
    EXPECT_EQ(o->input_per_mtok, a->input_per_mtok) << row.openrouter;
    EXPECT_EQ(o->output_per_mtok, a->output_per_mtok) << row.openrouter;
    EXPECT_EQ(o->cache_write_5m_per_mtok, a->cache_write_5m_per_mtok) << row.openrouter;
    EXPECT_EQ(o->cache_write_1h_per_mtok, a->cache_write_1h_per_mtok) << row.openrouter;
    EXPECT_EQ(o->cache_read_per_mtok, a->cache_read_per_mtok) << row.openrouter;
  }
}

TEST(PriceTable, CostFollowsTheDocumentedFormulaIncludingCacheTokens) {
  const ModelPrice sonnet{"anthropic", "claude-sonnet-4-6", 3, 15, 3.75, 6, 0.30};
  EXPECT_EQ(cost_usd(sonnet, {}), 0.0);
  EXPECT_DOUBLE_EQ(cost_usd(sonnet, {.input = 1'000'000}), 3.0);
  EXPECT_DOUBLE_EQ(cost_usd(sonnet, {.output = 1'000'000}), 15.0);
  EXPECT_DOUBLE_EQ(cost_usd(sonnet, {.cache_write_5m = 1'000'000}), 3.75);
  EXPECT_DOUBLE_EQ(cost_usd(sonnet, {.cache_write_1h = 1'000'000}), 6.0);
  EXPECT_DOUBLE_EQ(cost_usd(sonnet, {.cache_read = 1'000'000}), 0.30);
  // 1000·3 + 200·15 + 100·3.75 + 10·6 + 5000·0.3 = 3000 + 3000 + 375 + 60 + 1500 = 7935 micro-dollars.
  EXPECT_DOUBLE_EQ(cost_usd(sonnet, {1000, 200, 100, 10, 5000}), 0.007935);
}

TEST(PriceTable, TextThatIsNotJsonIsABadPriceTableNamingTheSource) {
  EXPECT_NE(parse_error("nope").message.find("not valid JSON"), std::string::npos);
  EXPECT_NE(parse_error("[]").message.find("JSON object"), std::string::npos);
  EXPECT_NE(parse_error(kHeader).message.find("not valid JSON"), std::string::npos) << "cut short";
}

TEST(PriceTable, AnotherFormatVersionIsRefusedAndTheSupportedOneNamed) {
  EXPECT_EQ(parse_error(R"({"format_version": 2, "models": []})").message,
            "format_version 2 is not supported; this build reads format_version 1");
  EXPECT_EQ(parse_error(R"({"format_version": "1", "models": []})").message,
            "format_version: expected an integer");
  EXPECT_EQ(parse_error(R"({"models": []})").message, "format_version: missing");
}

TEST(PriceTable, AMissingPriceIsNamedWithItsModel) {
  EXPECT_EQ(parse_error(with_entry(replaced(kEntry, R"("output_per_mtok": 2,)", ""))).message,
            "models[0] (a/m).output_per_mtok: missing");
  EXPECT_EQ(parse_error(with_entry(replaced(kEntry, R"(, "cache_read_per_mtok": 0.1)", ""))).message,
            "models[0] (a/m).cache_read_per_mtok: missing")
      << "a missing cache price would price cache tokens at $0";
  EXPECT_EQ(parse_error(with_entry(replaced(kEntry, R"("model": "m", )", ""))).message,
            "models[0].model: missing");
  EXPECT_EQ(parse_error(R"({"format_version": 1})").message, "models: missing");
}

TEST(PriceTable, ANegativeOrNonNumericPriceIsRefused) {
  EXPECT_EQ(
      parse_error(with_entry(replaced(kEntry, R"("input_per_mtok": 1)", R"("input_per_mtok": -1)"))).message,
      "models[0] (a/m).input_per_mtok: must be a number >= 0, not -1");
  EXPECT_EQ(
      parse_error(with_entry(replaced(kEntry, R"("input_per_mtok": 1)", R"("input_per_mtok": "1")"))).message,
      "models[0] (a/m).input_per_mtok: expected a number");
}

TEST(PriceTable, AModelListedTwiceIsRefused) {
  EXPECT_EQ(parse_error(kHeader + kEntry + "," + kEntry + "]}").message,
            "models[1]: a/m is listed twice (also models[0])");
  auto other_provider =
      PriceTable::parse(kHeader + kEntry + "," + replaced(kEntry, R"("a")", R"("b")") + "]}", "p");
  EXPECT_TRUE(other_provider.has_value()) << "the same model id under another provider is another entry";
}

TEST(PriceTable, UnknownKeysAreRefusedSoATypoCannotPriceAnythingAtZero) {
  EXPECT_EQ(parse_error(with_entry(replaced(kEntry, "cache_read_per_mtok", "cache_hit_per_mtok"))).message,
            "models[0]: unknown key 'cache_hit_per_mtok'");
  EXPECT_EQ(parse_error(R"({"format_version": 1, "model": []})").message, "unknown key 'model'");
  EXPECT_TRUE(PriceTable::parse(with_entry(replaced(kEntry, "{", R"({"note": "why", )")), "p").has_value());
}

TEST(PriceTable, AnUnreadableFileIsAnIoErrorNamingThePath) {
  testing::TempDir dir;
  auto missing = PriceTable::load_file((dir / "absent.json").string());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, "cost.io");
  EXPECT_EQ(missing.error().where, (dir / "absent.json").string());
  EXPECT_EQ(PriceTable::load_file(dir.path().string()).error().code, "cost.io");
  EXPECT_EQ(PriceTable::load_file(dir.write("bad.json", "{").string()).error().code, "cost.bad_price_table");
}

TEST(PriceTable, AUserFileReplacesAndAddsModelsAndKeepsTheRest) {
  testing::TempDir dir;
  const auto path = dir.write("user.json", R"({"format_version": 1, "as_of": "2027-01-01", "models": [
    {"provider": "anthropic", "model": "claude-sonnet-4-6", "input_per_mtok": 1, "output_per_mtok": 2,
     "cache_write_5m_per_mtok": 0, "cache_write_1h_per_mtok": 0, "cache_read_per_mtok": 0},
    {"provider": "openrouter", "model": "x/y", "input_per_mtok": 4, "output_per_mtok": 8,
     "cache_write_5m_per_mtok": 5, "cache_write_1h_per_mtok": 8, "cache_read_per_mtok": 0.4}]})");
  auto user = PriceTable::load_file(path.string());
  ASSERT_TRUE(user.has_value()) << user.error().to_string();
  auto t = *PriceTable::builtin();
  const std::size_t before = t.models().size();
  t.override_with(*user);
  EXPECT_EQ(t.models().size(), before + 1);
  EXPECT_EQ(t.find("anthropic", "claude-sonnet-4-6")->input_per_mtok, 1);
  EXPECT_EQ(t.find("anthropic", "claude-sonnet-4-6")->cache_read_per_mtok, 0);
  EXPECT_EQ(t.find("openrouter", "x/y")->output_per_mtok, 8);
  EXPECT_EQ(t.find("anthropic", "claude-haiku-4-5")->output_per_mtok, 5);
  EXPECT_EQ(t.as_of(), "2027-01-01");
}

TEST(PriceTable, AUserFileWithoutADateKeepsTheBuiltInDate) {
  auto t = *PriceTable::builtin();
  t.override_with(*PriceTable::parse(R"({"format_version": 1, "models": []})", "user.json"));
  EXPECT_EQ(t.as_of(), "2026-11-22");
}

}  // namespace
}  // namespace dq::cost
