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

}  // namespace
}  // namespace dq::testing
