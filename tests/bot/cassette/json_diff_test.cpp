#include "bot/cassette/json_diff.hpp"

#include <gtest/gtest.h>

namespace dq::cassette {
namespace {

using nlohmann::json;

std::vector<std::string> paths(const std::vector<JsonDifference>& diffs) {
  std::vector<std::string> out;
  for (const auto& d : diffs) out.push_back(d.path);
  return out;
}

TEST(JsonDiff, EqualDocumentsHaveNoDifferences) {
  EXPECT_TRUE(
      json_differences(json::parse(R"({"a": [1, {"b": 2}]})"), json::parse(R"({"a":[1,{"b":2}]})")).empty());
}

TEST(JsonDiff, NamesEachDifferenceByItsDottedPathWithListIndexes) {
  const json recorded = json::parse(R"({"model": "m", "max_tokens": 300, "gone": 1,
      "messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]})");
  const json requested = json::parse(R"({"model": "m", "max_tokens": 400, "new": true,
      "messages": [{"role": "user", "content": "A"}, {"role": "assistant", "content": "b"}, {"role": "user"}]})");
  const auto diffs = json_differences(recorded, requested);
  EXPECT_EQ(paths(diffs),
            (std::vector<std::string>{"gone", "max_tokens", "messages[0].content", "messages[2]", "new"}));
  EXPECT_EQ(diffs[0].requested, nullptr);
  EXPECT_EQ(*diffs[0].recorded, 1);
  EXPECT_EQ(diffs[3].recorded, nullptr);
}

TEST(JsonDiff, ADifferentTypeIsOneDifferenceAtThatPath) {
  const json recorded = json::parse(R"({"a": {"b": 1}})"), requested = json::parse(R"({"a": [1]})");
  const auto diffs = json_differences(recorded, requested);
  EXPECT_EQ(paths(diffs), std::vector<std::string>{"a"});
  EXPECT_EQ(paths(json_differences(json("text"), json::parse("{}"))), std::vector<std::string>{""});
}

TEST(JsonDiff, DescribesValuesAsCompactJsonAndAbsenceInWords) {
  const json recorded = json::parse(R"({"max_tokens": 300, "stop": ["x"]})");
  const json requested = json::parse(R"({"max_tokens": 400})");
  const auto diffs = json_differences(recorded, requested);
  ASSERT_EQ(diffs.size(), 2u);
  EXPECT_EQ(describe(diffs[0], "  "), "  - recorded:  300\n  + requested: 400");
  EXPECT_EQ(describe(diffs[1]), "- recorded:  [\"x\"]\n+ requested: (absent)");
}

TEST(JsonDiff, ShowsALongPromptFromJustBeforeWhereItFirstDiffers) {
  const std::string common(500, 'x');
  const json recorded = {{"content", common + " What is the asking price? Tell me now."}};
  const json requested = {{"content", common + " What is the asking rent? Tell me now."}};
  const auto diffs = json_differences(recorded, requested);
  ASSERT_EQ(diffs.size(), 1u);
  const std::string text = describe(diffs[0]);
  EXPECT_NE(text.find("- recorded:  …xxxxxxxxxx What is the asking price? Tell me now."), std::string::npos)
      << text;
  EXPECT_NE(text.find("+ requested: …xxxxxxxxxx What is the asking rent? Tell me now."), std::string::npos)
      << text;
  EXPECT_LT(text.size(), 2u * (120 + 40)) << "excerpts, not the whole prompt";
}

TEST(JsonDiff, CutsAnExcerptAtAbout120CharactersAndNeverInsideAUtf8Character) {
  std::string long_text = "a";  // so that byte 120 falls inside a two-byte character
  for (int i = 0; i < 100; ++i) long_text += "é";
  const json recorded = {{"t", long_text}};
  const json requested = {{"t", 7}};
  const auto diffs = json_differences(recorded, requested);
  const std::string text = describe(diffs[0]);
  const std::string line = text.substr(0, text.find('\n'));
  EXPECT_EQ(line.size(), std::string("- recorded:  ").size() + 121 + std::string("…").size());
  EXPECT_EQ(line.substr(line.size() - 7), "éé…") << "cut between characters, marked with an ellipsis";
}

TEST(JsonDiff, ShowsNewlinesAsEscapesToKeepOneLinePerSide) {
  const json recorded("a\nb"), requested("a\nc");
  const auto diffs = json_differences(recorded, requested);
  EXPECT_EQ(describe(diffs[0]), "- recorded:  a\\nb\n+ requested: a\\nc");
}

}  // namespace
}  // namespace dq::cassette
