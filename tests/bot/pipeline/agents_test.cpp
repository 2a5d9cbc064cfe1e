#include "bot/pipeline/agents.hpp"

#include <gtest/gtest.h>

#include "bot/pipeline/judge.hpp"
#include "bot/pipeline/steps.hpp"
#include "bot/pipeline/trainee.hpp"

namespace dq::pipeline {
namespace {

TEST(Agents, TheCounterpartPromptHoldsPersonaFactsAndTheGoalAsPrivate) {
  Deal d;
  d.title = "Office lease";
  d.persona_name = "Ruth";
  d.persona_role = "landlord";
  d.persona_goal = "keep rent above $40 per sq ft";
  d.facts = {"Rent: $42 per sq ft"};
  d.counterpart = {"openrouter", "some/model", 250, 0.5, std::nullopt};
  auto r = build_counterpart_request(d, Conversation{"c", {}, {}}, "Hi Ruth");
  EXPECT_EQ(r.agent, "counterpart");
  EXPECT_EQ(r.provider, "openrouter");
  EXPECT_EQ(r.max_tokens, 250);
  EXPECT_EQ(r.temperature, 0.5);
  EXPECT_NE(r.system.find("Ruth, landlord"), std::string::npos);
  EXPECT_NE(r.system.find("- Rent: $42 per sq ft"), std::string::npos);
  EXPECT_NE(r.system.find("never reveal it"), std::string::npos);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].content, "Hi Ruth");
}

TEST(Agents, ExtractsCoachJsonBareOrFencedAndRejectsTheRest) {
  EXPECT_EQ(*extract_coach_json("{\"score\": 5}"), "{\"score\": 5}");
  EXPECT_EQ(*extract_coach_json("Here you go:\n```json\n{\"score\": 5}\n```\nGood luck"), "{\"score\": 5}");
  EXPECT_EQ(extract_coach_json("no json here").error().code, "coach.bad_json");
  EXPECT_EQ(extract_coach_json("{\"score\": }").error().code, "coach.bad_json");
}

TEST(Steps, EveryStepNameFitsTwentyCharactersAndHasAProgressText) {
  for (const auto& s : kSteps) {
    EXPECT_LE(s.name.size(), kMaxStepNameLength) << s.name;
    EXPECT_FALSE(s.progress.empty()) << s.name;
  }
  EXPECT_EQ(all_step_names().size(), kSteps.size());
  EXPECT_EQ(step_name(Step::llm_counterpart), "llm.counterpart");
}

TEST(Trainee, ItsRequestSeesTheConversationFromItsSideAndKeepsItsGoal) {
  Deal d;
  d.title = "Used car";
  d.persona_name = "Rick";
  d.persona_role = "dealer";
  d.opening = "Great choice!";
  d.facts = {"Sticker price: $18,900"};
  TraineeBrief t{
      "pay at most $17,000", "polite", "", 5, {"openrouter", "small/model", 90, 0.3, std::nullopt}};
  Conversation c{"c", {{"user", "Hi, how much?"}, {"assistant", "$18,900."}}, {}};
  auto r = build_trainee_request(d, t, c);
  EXPECT_EQ(r.agent, "trainee");
  EXPECT_EQ(r.provider, "openrouter");
  EXPECT_EQ(r.model, "small/model");
  EXPECT_EQ(r.max_tokens, 90);
  EXPECT_NE(r.system.find("pay at most $17,000"), std::string::npos);
  EXPECT_NE(r.system.find("- Sticker price: $18,900"), std::string::npos);
  ASSERT_EQ(r.messages.size(), 3u);
  EXPECT_EQ(r.messages[0].role, "user");
  EXPECT_EQ(r.messages[0].content, "Great choice!");
  EXPECT_EQ(r.messages[1].role, "assistant");
  EXPECT_EQ(r.messages[1].content, R"({"message":"Hi, how much?","status":"continue"})");
  EXPECT_EQ(r.messages[2].role, "user");
  EXPECT_EQ(r.messages[2].content, "$18,900.");
}

TEST(Trainee, ReadsItsStructuredAnswerBareOrFenced) {
  auto bare = parse_trainee_answer(R"({"message": "I offer $15,000", "status": "continue"})");
  ASSERT_TRUE(bare.has_value());
  EXPECT_EQ(bare->message, "I offer $15,000");
  EXPECT_EQ(bare->status, TraineeStatus::go_on);
  auto fenced = parse_trainee_answer("Here:\n```json\n{\"message\": \"Deal.\", \"status\": \"deal\"}\n```");
  ASSERT_TRUE(fenced.has_value());
  EXPECT_EQ(fenced->status, TraineeStatus::deal);
  auto quiet = parse_trainee_answer(R"({"message": "", "status": "walked_away"})");
  ASSERT_TRUE(quiet.has_value());
  EXPECT_EQ(quiet->status, TraineeStatus::walked_away);
}

TEST(Trainee, BadOutputIsAnErrorThatQuotesWhatCameBack) {
  for (const char* bad : {"I offer $15,000", R"({"message": 5, "status": "continue"})",
                          R"({"message": "hi"})", R"({"message": "hi", "status": "thinking"})",
                          R"({"message": "", "status": "continue"})", R"(["message", "status"])"}) {
    auto move = parse_trainee_answer(bad);
    ASSERT_FALSE(move.has_value()) << bad;
    EXPECT_EQ(move.error().code, "trainee.bad_output");
    EXPECT_NE(move.error().detail.find(bad), std::string::npos) << move.error().to_string();
    EXPECT_EQ(move.error().message.find(bad), std::string::npos)
        << "a model's answer is detail, never message";
  }
}

TEST(Judge, ItsRequestShowsTheDealTheTranscriptWhatToEvaluateAndTheRubric) {
  Deal d;
  d.title = "Used car";
  d.persona_name = "Rick";
  d.persona_goal = "sell for at least $17,500";
  d.facts = {"Sticker price: $18,900"};
  JudgeAsk ask{"Rick never reveals his floor",
               5,
               1,
               JudgeTarget::conversation,
               {"anthropic", "judge-model", 200, std::nullopt, std::nullopt}};
  Conversation c{"c", {{"user", "How low can you go?"}, {"assistant", "Not below $17,500."}}, {}};
  auto r = build_judge_request(d, ask, c);
  EXPECT_EQ(r.agent, "judge");
  EXPECT_EQ(r.model, "judge-model");
  EXPECT_NE(r.system.find("integer 0-5"), std::string::npos) << r.system;
  ASSERT_EQ(r.messages.size(), 1u);
  const std::string& shown = r.messages[0].content;
  for (const char* part :
       {"sell for at least $17,500", "- Sticker price: $18,900", "Trainee: How low can you go?",
        "Counterpart: Not below $17,500.", "whole conversation", "Rubric: Rick never reveals his floor"})
    EXPECT_NE(shown.find(part), std::string::npos) << part << "\n" << shown;
}

TEST(Judge, ReadsAVerdictOnItsScaleAndRefusesAnythingElse) {
  auto ok = parse_judge_answer("```json\n{\"score\": 4, \"reasoning\": \"Fine.\"}\n```", 5);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->score, 4);
  EXPECT_EQ(ok->reasoning, "Fine.");
  for (const char* bad : {"Pass.", R"({"score": 6, "reasoning": "x"})", R"({"score": 4.5, "reasoning": "x"})",
                          R"({"score": "4", "reasoning": "x"})", R"({"score": 4})"}) {
    auto verdict = parse_judge_answer(bad, 5);
    ASSERT_FALSE(verdict.has_value()) << bad;
    EXPECT_EQ(verdict.error().code, "judge.bad_output");
    EXPECT_NE(verdict.error().detail.find(bad), std::string::npos) << verdict.error().to_string();
  }
}

}  // namespace
}  // namespace dq::pipeline
