#include "bot/scenario/scenario_parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/bot/scenario/scenario_fixtures.hpp"

namespace dq::scenario {
namespace {

// Every key of the format, with values that differ from the defaults. Line numbers matter to the tests.
constexpr std::string_view kComplete = R"(id: buy-bakery
title: Buying a neighbourhood bakery
pipeline: negotiation
tags: [acquisition, small-business]
persona:
  name: Margaret Hale
  role: owner of Hale's Bakery
  style: warm but firm
  goal: sell for at least $420,000
facts:
  - "Asking price: $450,000 for the business, equipment and recipes"
  - Lease has 7 years left at $3,200 per month
agents:
  counterpart: {provider: anthropic, model: claude-sonnet-4-6, max_tokens: 400, temperature: 0.7, anthropic_version: "2023-06-01"}
  coach: {provider: openrouter, model: claude-haiku-4-5, max_tokens: 600}
opening: "Welcome. Have a croissant while we talk."
turns:
  - user: "Hello, I'm interested in buying the bakery."
    mock_reply: "The asking price is $450,000."
    expect:
      contains: "450,000"
      not_contains: [discount, "free"]
      regex: "\\$4[0-9]{2},000"
      max_latency_ms: 2000
      max_output_tokens: 300
      max_cost_usd: 0.01
      faithful: true
      judge: "Stays in character"
  - user: Would you take $400,000?
    expect:
      contains: [counter, "420"]
      regex: ["\\d+", offer]
      faithful: false
simulated_user:
  goal: Buy for under $430,000
  style: polite but firm
  max_turns: 4
  agent: {model: claude-haiku-4-5, max_tokens: 200}
debrief:
  mock_reply: '{"score": 7, "advice": "anchor lower"}'
  expect:
    json_shape:
      score: {type: integer, min: 0, max: 10}
      advice: {type: string}
      tips: {type: array, min_items: 1, required: false}
    min_score: 5
    max_score: 9.5
    contains: [anchor]
    max_latency_ms: 5000
    judge: {rubric: "Gives concrete advice", threshold: 3, scale: 5, samples: 3, mock_verdict: 2}
conversation_judge:
  - "Never reveals the walk-away price"
  - {rubric: "No invented deadlines", threshold: 8}
dry_run:
  latency_ms: 25
)";

using fixtures::errors_of;
using fixtures::kMinimal;
using fixtures::only_error;

TEST(ScenarioParser, ReadsEveryFieldOfACompleteScenario) {
  auto parsed = parse_scenario(kComplete, "scenarios/bakery.yaml");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().front().to_string();
  const Scenario& s = *parsed;
  EXPECT_EQ(s.id, "buy-bakery");
  EXPECT_EQ(s.id_where.to_string(), "scenarios/bakery.yaml:1:5");
  EXPECT_EQ(s.title, "Buying a neighbourhood bakery");
  EXPECT_EQ(s.pipeline, "negotiation");
  EXPECT_EQ(s.tags, (std::vector<std::string>{"acquisition", "small-business"}));
  EXPECT_EQ(s.persona.name, "Margaret Hale");
  EXPECT_EQ(s.persona.role, "owner of Hale's Bakery");
  EXPECT_EQ(s.persona.style, "warm but firm");
  EXPECT_EQ(s.persona.goal, "sell for at least $420,000");
  EXPECT_EQ(s.facts,
            (std::vector<std::string>{"Asking price: $450,000 for the business, equipment and recipes",
                                      "Lease has 7 years left at $3,200 per month"}));
  ASSERT_EQ(s.agents.size(), 2u);
  const AgentSettings& counterpart = s.agents.at("counterpart");
  EXPECT_EQ(counterpart.provider, "anthropic");
  EXPECT_EQ(counterpart.model, "claude-sonnet-4-6");
  EXPECT_EQ(counterpart.max_tokens, 400);
  EXPECT_EQ(counterpart.temperature, 0.7);
  EXPECT_EQ(counterpart.anthropic_version, "2023-06-01");
  const AgentSettings& coach = s.agents.at("coach");
  EXPECT_EQ(coach.provider, "openrouter");
  EXPECT_EQ(coach.model, "claude-haiku-4-5");
  EXPECT_EQ(coach.max_tokens, 600);
  EXPECT_FALSE(coach.temperature.has_value());
  EXPECT_FALSE(coach.anthropic_version.has_value());
  EXPECT_EQ(s.opening, "Welcome. Have a croissant while we talk.");

  ASSERT_EQ(s.turns.size(), 2u);
  const Turn& t0 = s.turns[0];
  EXPECT_EQ(t0.where.to_string(), "scenarios/bakery.yaml:18:5");
  EXPECT_EQ(t0.user, "Hello, I'm interested in buying the bakery.");
  EXPECT_EQ(t0.mock_reply, "The asking price is $450,000.");
  EXPECT_EQ(t0.expect.where.to_string(), "scenarios/bakery.yaml:21:7");
  EXPECT_EQ(t0.expect.contains, std::vector<std::string>{"450,000"});
  EXPECT_EQ(t0.expect.not_contains, (std::vector<std::string>{"discount", "free"}));
  EXPECT_EQ(t0.expect.regex, std::vector<std::string>{"\\$4[0-9]{2},000"});
  EXPECT_EQ(t0.expect.max_latency_ms, 2000);
  EXPECT_EQ(t0.expect.max_output_tokens, 300);
  EXPECT_EQ(t0.expect.max_cost_usd, 0.01);
  EXPECT_TRUE(t0.expect.faithful);
  ASSERT_TRUE(t0.expect.judge.has_value());
  EXPECT_EQ(t0.expect.judge->rubric, "Stays in character");
  EXPECT_EQ(t0.expect.judge->threshold, 7);
  EXPECT_EQ(t0.expect.judge->scale, 10);
  EXPECT_EQ(t0.expect.judge->samples, 1);
  EXPECT_FALSE(t0.expect.judge->mock_verdict.has_value());
  const Turn& t1 = s.turns[1];
  EXPECT_EQ(t1.where.to_string(), "scenarios/bakery.yaml:29:5");
  EXPECT_EQ(t1.user, "Would you take $400,000?");
  EXPECT_FALSE(t1.mock_reply.has_value());
  EXPECT_EQ(t1.expect.contains, (std::vector<std::string>{"counter", "420"}));
  EXPECT_EQ(t1.expect.regex, (std::vector<std::string>{"\\d+", "offer"}));
  EXPECT_FALSE(t1.expect.faithful);
  EXPECT_FALSE(t1.expect.max_latency_ms.has_value());
  EXPECT_FALSE(t1.expect.judge.has_value());

  ASSERT_TRUE(s.simulated_user.has_value());
  EXPECT_EQ(s.simulated_user->goal, "Buy for under $430,000");
  EXPECT_EQ(s.simulated_user->max_turns, 4);
  EXPECT_EQ(s.simulated_user->style, "polite but firm");
  EXPECT_EQ(s.simulated_user->agent.provider, "anthropic");
  EXPECT_EQ(s.simulated_user->agent.max_tokens, 200);

  ASSERT_TRUE(s.debrief.has_value());
  const Debrief& d = *s.debrief;
  EXPECT_EQ(d.where.to_string(), "scenarios/bakery.yaml:40:3");
  EXPECT_EQ(d.mock_reply, R"({"score": 7, "advice": "anchor lower"})");
  EXPECT_EQ(d.expect.where.to_string(), "scenarios/bakery.yaml:42:5");
  ASSERT_EQ(d.expect.json_shape.size(), 3u);  // in file order, not sorted
  EXPECT_EQ(d.expect.json_shape[0].name, "score");
  EXPECT_EQ(d.expect.json_shape[0].type, "integer");
  EXPECT_EQ(d.expect.json_shape[0].min, 0);
  EXPECT_EQ(d.expect.json_shape[0].max, 10);
  EXPECT_TRUE(d.expect.json_shape[0].required);
  EXPECT_EQ(d.expect.json_shape[1].name, "advice");
  EXPECT_EQ(d.expect.json_shape[1].type, "string");
  EXPECT_EQ(d.expect.json_shape[2].name, "tips");
  EXPECT_EQ(d.expect.json_shape[2].type, "array");
  EXPECT_EQ(d.expect.json_shape[2].min_items, 1);
  EXPECT_FALSE(d.expect.json_shape[2].required);
  EXPECT_EQ(d.expect.min_score, 5);
  EXPECT_EQ(d.expect.max_score, 9.5);
  EXPECT_EQ(d.expect.contains, std::vector<std::string>{"anchor"});
  EXPECT_EQ(d.expect.max_latency_ms, 5000);
  ASSERT_TRUE(d.expect.judge.has_value());
  EXPECT_EQ(d.expect.judge->rubric, "Gives concrete advice");
  EXPECT_EQ(d.expect.judge->threshold, 3);
  EXPECT_EQ(d.expect.judge->scale, 5);
  EXPECT_EQ(d.expect.judge->samples, 3);
  EXPECT_EQ(d.expect.judge->mock_verdict, 2);
  ASSERT_EQ(s.conversation_judge.size(), 2u);
  EXPECT_EQ(s.conversation_judge[0].rubric, "Never reveals the walk-away price");
  EXPECT_EQ(s.conversation_judge[1].threshold, 8);
  EXPECT_EQ(s.dry_run.latency_ms, 25);
  EXPECT_EQ(s.where.to_string(), "scenarios/bakery.yaml:1:1");
}

TEST(ScenarioParser, FillsDefaultsForOptionalKeys) {
  auto parsed = parse_scenario(kMinimal, "s.yaml");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().front().to_string();
  EXPECT_EQ(parsed->pipeline, "negotiation");
  EXPECT_TRUE(parsed->tags.empty());
  EXPECT_EQ(parsed->agents.at("coach").provider, "anthropic");
  EXPECT_EQ(parsed->opening, "");
  ASSERT_EQ(parsed->turns.size(), 1u);
  EXPECT_TRUE(parsed->turns[0].expect.faithful);
  EXPECT_EQ(parsed->turns[0].expect.where.to_string(), "s.yaml:9:5");
  EXPECT_FALSE(parsed->simulated_user.has_value());
  EXPECT_FALSE(parsed->debrief.has_value());
  EXPECT_EQ(parsed->dry_run.latency_ms, 0);
}

TEST(ScenarioParser, AcceptsASimulatedUserInsteadOfScriptedTurns) {
  std::string text(kMinimal.substr(0, kMinimal.find("turns:")));
  text += "simulated_user:\n  goal: get 10% more\n  max_turns: 3\n  agent: {model: m3, max_tokens: 50}\n";
  auto parsed = parse_scenario(text, "s.yaml");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().front().to_string();
  EXPECT_TRUE(parsed->turns.empty());
  EXPECT_EQ(parsed->simulated_user->max_turns, 3);
}

TEST(ScenarioParser, RejectsYamlSyntaxErrorsWithLineAndColumn) {
  auto e = only_error("id: x\ntitle: [unclosed\nfoo: 1\n");
  EXPECT_EQ(e.code, "scenario.syntax");
  EXPECT_EQ(e.where, "s.yaml:3:4");
  EXPECT_NE(e.message.find("end of sequence flow not found"), std::string::npos) << e.message;

  e = only_error("id: x\n  title: bad indent\n");
  EXPECT_EQ(e.code, "scenario.syntax");
  EXPECT_EQ(e.where, "s.yaml:2:8");

  e = only_error("id: *nowhere\n");
  EXPECT_EQ(e.code, "scenario.syntax");
  EXPECT_EQ(e.where, "s.yaml:1:5");
}

TEST(ScenarioParser, RejectsASecondDocumentInOneFile) {
  auto e = only_error(std::string(kMinimal) + "---\nid: other\n");
  EXPECT_EQ(e.code, "scenario.syntax");
  EXPECT_EQ(e.where, "s.yaml:10:1");
}

TEST(ScenarioParser, RejectsAnEmptyFileAndANonMappingTopLevel) {
  auto e = only_error("# nothing here\n");
  EXPECT_EQ(e.code, "scenario.type");
  EXPECT_EQ(e.where, "s.yaml:1:1");
  e = only_error("- id: x\n");
  EXPECT_EQ(e.code, "scenario.type");
  EXPECT_EQ(e.message, "expected a mapping for 'scenario', got a sequence");
}

TEST(ScenarioParser, RejectsAKeyGivenTwice) {
  auto e = only_error(std::string(kMinimal) + "id: again\n");
  EXPECT_EQ(e.code, "scenario.syntax");
  EXPECT_EQ(e.where, "s.yaml:10:1");
  EXPECT_NE(e.message.find("duplicate key 'id'"), std::string::npos) << e.message;
}

TEST(ScenarioParser, CountsColumnsInCharactersNotBytes) {
  std::string text(kMinimal);
  text.replace(text.find("{name: Dana, role: manager}"), 27, "{name: Zoë Ångström, role: manager, mood: x}");
  auto e = only_error(text);
  EXPECT_EQ(e.code, "scenario.unknown_key");
  EXPECT_EQ(e.where, "s.yaml:3:46");  // 45 characters before `mood`, 48 bytes
}

TEST(ScenarioParser, AcceptsSmallAnchorsAndAliases) {
  std::string text(kMinimal);
  text.replace(text.find("counterpart: {"), 14, "counterpart: &agent {");
  text.replace(text.find("coach: {model: m2, max_tokens: 100}"), 35, "coach: *agent");
  auto parsed = parse_scenario(text, "s.yaml");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().front().to_string();
  EXPECT_EQ(parsed->agents.at("coach").model, "m1");
}

TEST(ScenarioParser, PrintsErrorsAsCodeLocationAndMessage) {
  EXPECT_EQ((SourceLocation{"a.yaml", 3, 7}).to_string(), "a.yaml:3:7");
  auto e = only_error(std::string(kMinimal) + "colour: blue\n");
  EXPECT_EQ(e.to_string().rfind("[scenario.unknown_key] s.yaml:10:1: unknown key 'colour'", 0), 0u)
      << e.to_string();
}

}  // namespace
}  // namespace dq::scenario
