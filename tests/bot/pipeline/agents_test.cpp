#include "bot/pipeline/agents.hpp"

#include <gtest/gtest.h>

#include "bot/pipeline/steps.hpp"

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

}  // namespace
}  // namespace dq::pipeline
