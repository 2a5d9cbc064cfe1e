#include "bot/pipeline/dry_run_llm.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/pipeline/agents.hpp"

namespace dq::pipeline {
namespace {

Deal deal_with(std::vector<std::string> facts) {
  Deal d;
  d.title = "Used car";
  d.persona_name = "Sam";
  d.persona_role = "dealer";
  d.facts = std::move(facts);
  d.counterpart = {"anthropic", "claude-sonnet-4-6", 300, std::nullopt, std::nullopt};
  d.coach = {"anthropic", "claude-haiku-4-5", 600, std::nullopt, std::nullopt};
  return d;
}

TEST(DryRunLlm, QuotesTheFactSharingTheMostWordsWithTheUser) {
  Deal d = deal_with({"Sticker price: $18,900 for the 2019 Civic", "Warranty: 12 months on the gearbox"});
  DryRunLlmClient llm({d.facts, {}, std::nullopt, 0});
  Conversation c{"c", {}, {}};
  auto reply =
      llm.counterpart_reply(build_counterpart_request(d, c, "How long is the warranty on the gearbox?"));
  EXPECT_EQ(
      reply,
      "Thanks for coming straight to the point. Warranty: 12 months on the gearbox What would you propose?");
}

TEST(DryRunLlm, WithNoWordInCommonItCyclesThroughTheFactsByTurn) {
  Deal d = deal_with({"Fact one", "Fact two"});
  DryRunLlmClient llm({d.facts, {}, std::nullopt, 0});
  Conversation c{"c", {{"user", "hello"}, {"assistant", "hi"}}, {}};
  auto reply = llm.counterpart_reply(build_counterpart_request(d, c, "zzz"));
  EXPECT_EQ(reply, "I hear you, but let me be clear. Fact two Where does that leave you?");
}

TEST(DryRunLlm, AScriptedReplyForTheTurnWinsAndIsDeterministic) {
  Deal d = deal_with({"Fact one"});
  DryRunLlmClient llm({d.facts, {{1, "Exactly this."}}, std::nullopt, 0});
  Conversation c{"c", {}, {}};
  auto req = build_counterpart_request(d, c, "anything");
  EXPECT_EQ(llm.counterpart_reply(req), "Exactly this.");
  EXPECT_EQ(llm.counterpart_reply(req), "Exactly this.");
}

TEST(DryRunLlm, TheCoachScoreRewardsNumbersAndQuestions) {
  Deal d = deal_with({"Fact one"});
  DryRunLlmClient llm({d.facts, {}, std::nullopt, 0});
  Conversation c{"c",
                 {{"user", "I offer 15k"},
                  {"assistant", "no"},
                  {"user", "Why not?"},
                  {"assistant", "because"},
                  {"user", "ok"},
                  {"assistant", "ok"}},
                 {}};
  auto json = nlohmann::json::parse(llm.coach_reply(build_coach_request(d, c)));
  EXPECT_EQ(json["score"], 3 + 2 * 1 + 1);
  EXPECT_TRUE(json["strengths"].is_array());
  EXPECT_FALSE(json["improvements"].empty());
  EXPECT_NE(json["advice"].get<std::string>().find("anchor"), std::string::npos);
  EXPECT_NE(json["advice"].get<std::string>().find("concession"), std::string::npos);
}

}  // namespace
}  // namespace dq::pipeline
