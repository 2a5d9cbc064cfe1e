// What the fake LLM says, as the pure functions of fake_llm_replies.hpp (the HTTP side is
// fake_llm_server_test.cpp).
#include "tests/support/fake_llm_replies.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace dq::testing {
namespace {

using nlohmann::json;

std::string say(const std::string& system, const std::string& user) {
  return reply_text({system, user, system + user, 0}, {});
}

TEST(FakeLlmReplies, AGeneratedCounterpartQuotesTheClosestFactVerbatimAndNoOtherDigits) {
  const std::string system =
      "You are Sam, a used-car dealer.\n- The asking price is $14,500\n- The car has 82,000 miles\n";
  const std::string about_miles = say(system, "How many miles?");
  EXPECT_NE(about_miles.find("The car has 82,000 miles"), std::string::npos) << about_miles;
  const std::string unrelated = say(system, "Hello there");
  const auto at = unrelated.find("The asking price is $14,500");
  ASSERT_NE(at, std::string::npos) << "the first fact when none is closer: " << unrelated;
  std::string rest = unrelated;
  rest.erase(at, std::string("The asking price is $14,500").size());
  EXPECT_EQ(std::count_if(rest.begin(), rest.end(), ::isdigit), 0) << unrelated;
  EXPECT_EQ(unrelated, say(system, "Hello there")) << "deterministic";
}

TEST(FakeLlmReplies, AGeneratedJudgeFailsACounterpartThatBreaksCharacterOnly) {
  const std::string system = "You evaluate a negotiation practice bot. {\"score\": integer 0-10 (10 = ...)}";
  EXPECT_EQ(role_of({system, "", "", 0}), Role::judge);
  auto verdict = [&](const std::string& shown) { return json::parse(say(system, shown)); };
  EXPECT_EQ(verdict("Transcript:\nCounterpart: The price is $18,900.\n\nRubric: stays in character")["score"],
            8);
  const json broke =
      verdict("Transcript:\nCounterpart: As an AI, I cannot haggle.\n\nRubric: stays in character");
  EXPECT_EQ(broke["score"], 2);
  EXPECT_NE(broke["reasoning"].get<std::string>().find("as an ai"), std::string::npos) << broke;
  EXPECT_EQ(verdict("Transcript:\nCounterpart: Fine.\n\nRubric: never says 'as an AI'")["score"], 8)
      << "the rubric itself is not judged";
  const json on_five = json::parse(say("You evaluate a negotiation practice bot. integer 0-5", "As an AI"));
  EXPECT_EQ(on_five["score"], 1) << "N/5 on the scale its prompt names";
}

// The reply to a counterpart turn depends on that turn alone: an entry is chosen by the latest user message,
// never by the system prompt (the same facts on every turn) nor by earlier turns. Issue 11: entries whose
// match is also in the facts ("raise budget this cycle") answered later turns with an earlier turn's reply.
TEST(FakeLlmReplies, AScriptedReplyIsChosenByTheLatestTurnOnlyNeverByTheFactsOrEarlierTurns) {
  const std::vector<ScriptedReply> replies = {
      {"market median for my role", "counterpart", "Turn 1: the median is $104,000."},
      {"raise budget this cycle", "counterpart", "Turn 2: the budget is 6% of payroll."},
      {"promotion to senior engineer", "counterpart", "Turn 3: the band starts at $110,000."}};
  const std::string system =
      "You are Priya Raman, engineering manager.\n- The team's raise budget this cycle is 6% of payroll\n"
      "- A promotion to senior engineer comes with a band starting at $110,000\n";
  const std::vector<std::string> turns = {
      "What is the market median for my role?", "What is the raise budget this cycle?",
      "What would a promotion to senior engineer pay?", "When does the next review cycle start?"};
  std::string history;
  std::vector<std::string> answers;
  for (std::size_t t = 0; t < turns.size(); ++t) {
    history += turns[t];
    answers.push_back(reply_text({system, turns[t], system + history, static_cast<int>(t)}, replies));
    history += answers.back();
  }
  EXPECT_EQ(answers[0], replies[0].text);
  EXPECT_EQ(answers[1], replies[1].text);
  EXPECT_EQ(answers[2], replies[2].text);
  for (const auto& entry : replies)
    EXPECT_NE(answers[3], entry.text) << "a turn no entry matches is generated, not an earlier turn's reply";
  EXPECT_NE(answers[3].find("The team's raise budget this cycle is 6% of payroll"), std::string::npos)
      << answers[3];
  EXPECT_EQ(reply_text({system, "Hello", system + "Hello", 0}, {{"Priya", "counterpart", "Priya speaking."}})
                .find("Priya speaking."),
            std::string::npos)
      << "a match in the system prompt does not choose an entry";
}

}  // namespace
}  // namespace dq::testing
