// Hostile and broken input: each must get its own clear error, quickly, without reading or building more
// than the 1 MiB limit allows.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "bot/scenario/scenario_parser.hpp"
#include "tests/bot/scenario/scenario_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::scenario {
namespace {

using namespace std::chrono_literals;

using fixtures::kMinimal;

// Parses `text` and returns its only error; fails the test if that took a second or more (a hang guard, not a
// benchmark: these inputs take microseconds).
core::Error only_error_of(std::string_view text) {
  const auto start = std::chrono::steady_clock::now();
  auto parsed = parse_scenario(text, "h.yaml");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_FALSE(parsed.has_value());
  if (parsed) return {};
  EXPECT_EQ(parsed.error().size(), 1u);
  return parsed.error().front();
}

TEST(HostileInput, RefusesTenThousandUnclosedBracketsAsTooDeep) {
  // yaml-cpp reads each unclosed `[` after the first as a sequence holding a compact mapping, so the 33rd
  // collection opens at the 17th bracket.
  auto e = only_error_of(std::string(10'000, '['));
  EXPECT_EQ(e.code, "scenario.too_deep");
  EXPECT_EQ(e.where, "h.yaml:1:17");
}

TEST(HostileInput, RefusesTenThousandBalancedBracketsAsTooDeep) {
  auto e = only_error_of("tags: " + std::string(10'000, '[') + std::string(10'000, ']') + "\n");
  EXPECT_EQ(e.code, "scenario.too_deep");
  EXPECT_EQ(e.where, "h.yaml:1:38");  // the 33rd collection: the top mapping, then the 32nd bracket
}

TEST(HostileInput, RefusesDeeplyNestedBlockMappings) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
  auto e = only_error_of(text);
  EXPECT_EQ(e.code, "scenario.too_deep");
  EXPECT_EQ(e.where, "h.yaml:33:65");
}

TEST(HostileInput, AllowsNestingUpToTheLimit) {
  // 32 collections: the top mapping plus 31 brackets. It is the wrong shape, but not too deep.
  auto parsed = parse_scenario("tags: " + std::string(31, '[') + std::string(31, ']') + "\n", "h.yaml");
  ASSERT_FALSE(parsed.has_value());
  for (const auto& e : parsed.error()) EXPECT_NE(e.code, "scenario.too_deep") << e.to_string();
}

TEST(HostileInput, RefusesABillionLaughsAliasBomb) {
  std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    const std::string prev(1, static_cast<char>(level - 1));
    text += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 9; ++i) text += (i ? ", *" : "*") + prev;
    text += "]\n";
  }
  auto e = only_error_of(text);
  EXPECT_EQ(e.code, "scenario.alias_bomb");
  // a = 10 nodes, b = 91, c = 820; the 13th alias on line 4 takes the total past 10,000.
  EXPECT_EQ(e.where, "h.yaml:5:8");
  EXPECT_NE(e.message.find("'*d'"), std::string::npos) << e.message;
}

TEST(HostileInput, RefusesManySmallAliasesAddingUpPastTheLimit) {
  std::string text = "a: &x one\nb: [";
  for (int i = 0; i < 10'001; ++i) text += "*x,";
  text += "]\n";
  auto e = only_error_of(text);
  EXPECT_EQ(e.code, "scenario.alias_bomb");
}

TEST(HostileInput, RefusesAnAliasInsideTheNodeItNames) {
  auto e = only_error_of("tags: &loop [a, *loop]\n");
  EXPECT_EQ(e.code, "scenario.alias_bomb");
  EXPECT_EQ(e.where, "h.yaml:1:17");
  EXPECT_NE(e.message.find("cycle"), std::string::npos) << e.message;
}

TEST(HostileInput, RefusesAFiftyMegabyteFileWithoutReadingIt) {
  testing::TempDir dir;
  const auto path = dir.write("huge.yaml", "id: huge\n");
  std::filesystem::resize_file(path, 50ull * 1024 * 1024);  // sparse: no 50 MB written
  const auto start = std::chrono::steady_clock::now();
  auto loaded = load_scenario_file(path);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  ASSERT_FALSE(loaded.has_value());
  ASSERT_EQ(loaded.error().size(), 1u);
  EXPECT_EQ(loaded.error()[0].code, "scenario.too_large");
  EXPECT_EQ(loaded.error()[0].where, path.string());
  EXPECT_NE(loaded.error()[0].message.find("52428800 bytes"), std::string::npos) << loaded.error()[0].message;
}

TEST(HostileInput, RefusesTextOverOneMebibyteGivenDirectly) {
  auto e = only_error_of(std::string(kMinimal) + "# " + std::string(1024 * 1024, 'x') + "\n");
  EXPECT_EQ(e.code, "scenario.too_large");
}

TEST(HostileInput, RefusesRandomBinaryBytes) {
  std::mt19937 rng(20240611);
  std::string bytes(4096, '\0');
  for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
  testing::TempDir dir;
  const auto path = dir.write("random.yaml", bytes);
  auto loaded = load_scenario_file(path);
  ASSERT_FALSE(loaded.has_value());
  ASSERT_EQ(loaded.error().size(), 1u);
  EXPECT_EQ(loaded.error()[0].code, "scenario.binary");
  EXPECT_EQ(loaded.error()[0].where.rfind(path.string() + ":", 0), 0u) << loaded.error()[0].where;
}

TEST(HostileInput, RefusesANulInTheMiddleAtItsLineAndColumn) {
  std::string text(kMinimal);
  text.insert(text.find("a raise") + 2, 1, '\0');
  auto e = only_error_of(text);
  EXPECT_EQ(e.code, "scenario.binary");
  EXPECT_EQ(e.where, "h.yaml:2:21");
  EXPECT_NE(e.message.find("NUL"), std::string::npos) << e.message;
}

TEST(HostileInput, RefusesInvalidUtf8AtTheFirstBadByte) {
  const std::pair<const char*, const char*> cases[] = {
      {"title: caf\xC3(\n", "h.yaml:1:11"},              // a lead byte without its continuation
      {"id: x\ntitle: \xC3\xA9t\xE9\n", "h.yaml:2:10"},  // Latin-1 after valid UTF-8 (columns in characters)
      {"title: \xC0\xAF\n", "h.yaml:1:8"},               // overlong encoding of '/'
      {"title: \xED\xA0\x80\n", "h.yaml:1:8"},           // a UTF-16 surrogate
      {"title: \xF4\x90\x80\x80\n", "h.yaml:1:8"},       // above U+10FFFF
      {"title: \xE2\x82\n", "h.yaml:1:8"},               // truncated at the end of the line
  };
  for (const auto& [text, where] : cases) {
    SCOPED_TRACE(where);
    auto e = only_error_of(text);
    EXPECT_EQ(e.code, "scenario.binary");
    EXPECT_EQ(e.where, where);
  }
}

TEST(HostileInput, RefusesControlCharacters) {
  auto e = only_error_of("id: x\x01y\n");
  EXPECT_EQ(e.code, "scenario.binary");
  EXPECT_EQ(e.where, "h.yaml:1:6");
}

TEST(HostileInput, AcceptsAUtf8ByteOrderMarkAndCountsColumnsWithoutIt) {
  auto parsed = parse_scenario("\xEF\xBB\xBF" + std::string(kMinimal), "h.yaml");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().front().to_string();
  auto e = only_error_of("\xEF\xBB\xBF" + std::string(kMinimal) + "colour: x\n");
  EXPECT_EQ(e.where, "h.yaml:10:1");
}

TEST(HostileInput, HandlesAHugeUnknownKeyQuickly) {
  // An explicit key (`? ...`) may be longer than the 1024 characters YAML allows a plain one.
  auto e = only_error_of(std::string(kMinimal) + "? " + std::string(500'000, 'k') + "\n: 1\n");
  EXPECT_EQ(e.code, "scenario.unknown_key");
  EXPECT_LT(e.message.size(), 400u);
  e = only_error_of(std::string(kMinimal) + std::string(500'000, 'k') + ": 1\n");
  EXPECT_EQ(e.code, "scenario.syntax");
}

TEST(HostileInput, StopsCollectingErrorsAtAHundred) {
  std::string text(kMinimal);
  for (int i = 0; i < 5000; ++i) text += "unknown" + std::to_string(i) + ": 1\n";
  auto parsed = parse_scenario(text, "h.yaml");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().size(), 100u);
}

TEST(HostileInput, RefusesAnOverlongRegexBeforeCompilingIt) {
  auto e = only_error_of(std::string(kMinimal) + "    expect: {regex: \"" + std::string(5000, '(') + "\"}\n");
  EXPECT_EQ(e.code, "scenario.invalid_value");
}

TEST(HostileInput, SurvivesRandomMutationsOfAValidFile) {
  std::mt19937 rng(7);
  const std::string alphabet = "[]{}:-&*!|>'\"#,? \n\t\\%@`a0";
  for (int round = 0; round < 3000; ++round) {
    std::string text(kMinimal);
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < edits; ++i) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text[at] = alphabet[rng() % alphabet.size()];
          break;
        case 1:
          text.insert(at, 1, alphabet[rng() % alphabet.size()]);
          break;
        default:
          text.erase(at, 1 + rng() % 8);
          break;
      }
      if (text.empty()) text = "x";
    }
    auto parsed = parse_scenario(text, "m.yaml");
    if (parsed) continue;
    ASSERT_FALSE(parsed.error().empty()) << text;
    for (const auto& e : parsed.error()) {
      ASSERT_EQ(e.code.rfind("scenario.", 0), 0u) << e.to_string();
      ASSERT_EQ(e.where.rfind("m.yaml:", 0), 0u) << e.to_string();
    }
  }
}

}  // namespace
}  // namespace dq::scenario
