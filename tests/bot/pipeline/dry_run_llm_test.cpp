#include "bot/pipeline/dry_run_llm.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/pipeline/agents.hpp"
#include "bot/pipeline/trainee.hpp"

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
  DryRunLlmClient llm({d.facts, {}, std::nullopt, 0, ""});
  Conversation c{"c", {}, {}};
  auto reply =
      llm.counterpart_reply(build_counterpart_request(d, c, "How long is the warranty on the gearbox?"));
  EXPECT_EQ(
      reply,
      "Thanks for coming straight to the point. Warranty: 12 months on the gearbox What would you propose?");
}

TEST(DryRunLlm, WithNoWordInCommonItCyclesThroughTheFactsByTurn) {
  Deal d = deal_with({"Fact one", "Fact two"});
  DryRunLlmClient llm({d.facts, {}, std::nullopt, 0, ""});
  Conversation c{"c", {{"user", "hello"}, {"assistant", "hi"}}, {}};
  auto reply = llm.counterpart_reply(build_counterpart_request(d, c, "zzz"));
  EXPECT_EQ(reply, "I hear you, but let me be clear. Fact two Where does that leave you?");
}

TEST(DryRunLlm, AScriptedReplyForTheTurnWinsAndIsDeterministic) {
  Deal d = deal_with({"Fact one"});
  DryRunLlmClient llm({d.facts, {{1, "Exactly this."}}, std::nullopt, 0, ""});
  Conversation c{"c", {}, {}};
  auto req = build_counterpart_request(d, c, "anything");
  EXPECT_EQ(llm.counterpart_reply(req), "Exactly this.");
  EXPECT_EQ(llm.counterpart_reply(req), "Exactly this.");
}

TEST(DryRunLlm, TheCoachScoreRewardsNumbersAndQuestions) {
  Deal d = deal_with({"Fact one"});
  DryRunLlmClient llm({d.facts, {}, std::nullopt, 0, ""});
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

TEST(DryRunLlm, TheTraineeIsDeterministicAndNegotiatesFromTheFactsToItsGoal) {
  Deal d = deal_with({"Sticker price: $18,900", "Mileage: 48,000 miles"});
  DryRunLlmClient llm({d.facts, {}, std::nullopt, 0, "pay at most $17,000"});
  TraineeBrief t{"pay at most $17,000", "", "", 6, {"anthropic", "m", 100, std::nullopt, std::nullopt}};
  Conversation c{"c", {}, {}};
  std::vector<TraineeMove> moves;
  for (int turn = 1; turn <= 4; ++turn) {
    auto move = parse_trainee_answer(llm.trainee_reply(build_trainee_request(d, t, c)));
    ASSERT_TRUE(move.has_value());
    EXPECT_EQ(llm.trainee_reply(build_trainee_request(d, t, c)), trainee_json(*move)) << "deterministic";
    moves.push_back(*move);
    c.messages.push_back({"user", move->message});
    c.messages.push_back({"assistant", "Hmm."});
  }
  EXPECT_EQ(moves[0].message,
            "Before we talk numbers, can you walk me through this: Sticker price: $18,900?");
  EXPECT_EQ(moves[1].message, "I propose $15,100.");  // 2 x 17,000 - 18,900
  EXPECT_EQ(moves[2].message, "I could move to $16,100, no further.");
  EXPECT_EQ(moves[3].message, "My final number is $17,000. Do we have a deal?");
  EXPECT_EQ(moves[3].status, TraineeStatus::deal);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(moves[i].status, TraineeStatus::go_on);
}

TEST(DryRunLlm, WithoutAmountsTheTraineeAsksAboutEachFactThenHasNothingLeft) {
  Deal d = deal_with({"Office on the 3rd floor", "Parking included"});
  DryRunLlmClient llm({d.facts, {}, std::nullopt, 0, "get a quiet office"});
  TraineeBrief t{"get a quiet office", "", "", 6, {"anthropic", "m", 100, std::nullopt, std::nullopt}};
  Conversation c{"c", {{"user", "a"}, {"assistant", "b"}, {"user", "c"}, {"assistant", "d"}}, {}};
  auto move = parse_trainee_answer(llm.trainee_reply(build_trainee_request(d, t, c)));
  ASSERT_TRUE(move.has_value());
  EXPECT_EQ(move->status, TraineeStatus::nothing_left);
}

}  // namespace
}  // namespace dq::pipeline
