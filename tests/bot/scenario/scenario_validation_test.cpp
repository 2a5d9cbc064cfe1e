// The error codes and locations of scenarios that parse as YAML but break the format's rules.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bot/scenario/scenario_parser.hpp"
#include "tests/bot/scenario/scenario_fixtures.hpp"

namespace dq::scenario {
namespace {

using fixtures::errors_of;
using fixtures::kMinimal;
using fixtures::only_error;

TEST(ScenarioParser, RejectsUnknownKeyWithLineColumnAndSuggestion) {
  auto e = only_error(std::string(kMinimal) + "    expect:\n      contians: \"5,000\"\n");
  EXPECT_EQ(e.code, "scenario.unknown_key");
  EXPECT_EQ(e.where, "s.yaml:11:7");
  EXPECT_EQ(
      e.message,
      "unknown key 'contians' in turns[0].expect; expected one of: contains, not_contains, regex, "
      "max_latency_ms, max_output_tokens, max_cost_usd, faithful, no_leak, judge (did you mean 'contains'?)");
}

TEST(ScenarioParser, SuggestsNothingWhenNoKeyIsWithinTwoEdits) {
  auto e = only_error(std::string(kMinimal) + "colour: blue\n");
  EXPECT_EQ(e.code, "scenario.unknown_key");
  EXPECT_EQ(e.where, "s.yaml:10:1");
  EXPECT_EQ(e.message.find("did you mean"), std::string::npos) << e.message;
}

TEST(ScenarioParser, RejectsWrongTypeNamingTheKeyAndWhatItGot) {
  std::string text(kMinimal);
  text.replace(text.find("Asking for a raise"), 18, "[a, b]");
  auto e = only_error(text);
  EXPECT_EQ(e.code, "scenario.type");
  EXPECT_EQ(e.where, "s.yaml:2:8");
  EXPECT_EQ(e.message, "expected a string for 'title', got a sequence");
}

TEST(ScenarioParser, RejectsAQuotedNumberWhereAnIntegerIsExpected) {
  std::string text(kMinimal);
  text.replace(text.find("max_tokens: 100}\n  coach"), 15, "max_tokens: \"100\"");
  auto e = only_error(text);
  EXPECT_EQ(e.code, "scenario.type");
  EXPECT_EQ(e.where, "s.yaml:6:40");
  EXPECT_EQ(e.message,
            "expected an integer for 'agents.counterpart.max_tokens', got the quoted string \"100\"");
}

TEST(ScenarioParser, RejectsYesWhereABooleanIsExpected) {
  auto e = only_error(std::string(kMinimal) + "    expect: {faithful: yes}\n");
  EXPECT_EQ(e.code, "scenario.type");
  EXPECT_EQ(e.where, "s.yaml:10:24");
}

TEST(ScenarioParser, RejectsANullValueAtItsKey) {
  std::string text(kMinimal);
  text.replace(text.find(" Asking for a raise"), 19, "");
  auto e = only_error(text);
  EXPECT_EQ(e.code, "scenario.type");
  EXPECT_EQ(e.where, "s.yaml:2:1");
  EXPECT_EQ(e.message, "expected a string for 'title', got null");
}

TEST(ScenarioParser, RejectsMissingRequiredKeyAtTheMappingThatLacksIt) {
  std::string text(kMinimal);
  text.erase(text.find("facts:"), text.find("agents:") - text.find("facts:"));
  text.replace(text.find("model: m2, "), 11, "");
  auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].code, "scenario.missing");
  EXPECT_EQ(errors[0].where, "s.yaml:1:1");
  EXPECT_EQ(errors[0].message, "missing required key 'facts' in scenario");
  EXPECT_EQ(errors[1].code, "scenario.missing");
  EXPECT_EQ(errors[1].where, "s.yaml:6:3");
  EXPECT_EQ(errors[1].message, "missing required key 'model' in agents.coach");
}

TEST(ScenarioParser, RequiresTurnsWhenThereIsNoSimulatedUser) {
  std::string text(kMinimal.substr(0, kMinimal.find("turns:")));
  auto e = only_error(text);
  EXPECT_EQ(e.code, "scenario.missing");
  EXPECT_NE(e.message.find("'turns'"), std::string::npos);
}

TEST(ScenarioParser, RejectsABadRegexWithTheCompilersMessage) {
  auto e = only_error(std::string(kMinimal) + "    expect:\n      regex: [ok, \"\\\\$4[0-9\"]\n");
  EXPECT_EQ(e.code, "scenario.bad_regex");
  EXPECT_EQ(e.where, "s.yaml:11:19");
  EXPECT_NE(e.message.find("'\\$4[0-9'"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("does not compile (ECMAScript): "), std::string::npos) << e.message;
  EXPECT_GT(e.message.size(), e.message.find("(ECMAScript): ") + 15) << "the regex error text is missing";
}

struct InvalidCase {
  const char* what;
  const char* from;  // replaced in kMinimal ...
  const char* to;    // ... by this
  const char* where;
  const char* message_part;
};

TEST(ScenarioParser, RejectsInvalidValuesAtTheirLocation) {
  const InvalidCase cases[] = {
      {"id with capitals", "id: raise", "id: Raise-2", "s.yaml:1:5", "invalid id 'Raise-2'"},
      {"id starting with a dash", "id: raise", "id: -raise", "s.yaml:1:5", "invalid id"},
      {"id too long", "id: raise", "id: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
       "s.yaml:1:5", "invalid id"},
      {"max_tokens zero", "model: m1, max_tokens: 100", "model: m1, max_tokens: 0", "s.yaml:6:40",
       "must be between 1"},
      {"negative latency", "  - user: hi", "  - user: hi\n    expect: {max_latency_ms: -1}", "s.yaml:10:30",
       "must be >= 0"},
      {"unknown provider", "{model: m1", "{provider: openai, model: m1", "s.yaml:6:27",
       "unknown provider 'openai'"},
      {"temperature above 2", "{model: m1", "{temperature: 2.5, model: m1", "s.yaml:6:30", "between 0 and 2"},
      {"unknown pipeline", "id: raise", "id: raise\npipeline: sales", "s.yaml:2:11",
       "unknown pipeline 'sales'"},
      {"empty facts", "[Budget is $5,000]", "[]", "s.yaml:4:8", "at least one fact"},
      {"empty turns", "\n  - user: hi", " []", "s.yaml:8:8", "at least one turn"},
      {"empty contains", "  - user: hi", "  - user: hi\n    expect: {contains: \"\"}", "s.yaml:10:24",
       "matches everything"},
      {"zero simulated turns", "turns:\n  - user: hi",
       "simulated_user: {goal: g, max_turns: 0, agent: {model: m, max_tokens: 5}}", "s.yaml:8:38",
       "must be between 1"},
      {"unknown json_shape type", "turns:", "debrief: {expect: {json_shape: {score: {type: float}}}}\nturns:",
       "s.yaml:8:47", "unknown type 'float'"},
      {"json_shape min above max", "turns:",
       "debrief: {expect: {json_shape: {score: {type: number, min: 9, max: 1}}}}\nturns:", "s.yaml:8:60",
       "greater than its max"},
      {"min_score above max_score", "turns:", "debrief: {expect: {min_score: 8, max_score: 2}}\nturns:",
       "s.yaml:8:31", "'min_score' is greater than 'max_score'"},
      {"negative dry-run latency", "turns:", "dry_run: {latency_ms: -5}\nturns:", "s.yaml:8:23",
       "must be >= 0"},
      {"infinite cost", "  - user: hi", "  - user: hi\n    expect: {max_cost_usd: .inf}", "s.yaml:10:28",
       "finite number"},
  };
  for (const InvalidCase& c : cases) {
    SCOPED_TRACE(c.what);
    std::string text(kMinimal);
    ASSERT_NE(text.find(c.from), std::string::npos);
    text.replace(text.find(c.from), std::string_view(c.from).size(), c.to);
    auto e = only_error(text);
    EXPECT_EQ(e.code, "scenario.invalid_value");
    EXPECT_EQ(e.where, c.where);
    EXPECT_NE(e.message.find(c.message_part), std::string::npos) << e.message;
  }
}

TEST(ScenarioParser, ReportsEveryProblemInFileOrder) {
  std::string text(kMinimal);
  text.replace(text.find("id: raise"), 9, "id: Raise");
  text.replace(text.find("role: manager"), 13, "rol: manager");
  text += "    expect: {max_output_tokens: \"3\", faithful: 1}\ndry_run: {latency: 5}\n";
  auto errors = errors_of(text);
  std::vector<std::string> got;
  for (const auto& e : errors) got.push_back(e.code + " " + e.where);
  EXPECT_EQ(got,
            (std::vector<std::string>{"scenario.invalid_value s.yaml:1:5", "scenario.missing s.yaml:3:1",
                                      "scenario.unknown_key s.yaml:3:23", "scenario.type s.yaml:10:33",
                                      "scenario.type s.yaml:10:48", "scenario.unknown_key s.yaml:11:11"}));
}

}  // namespace
}  // namespace dq::scenario
