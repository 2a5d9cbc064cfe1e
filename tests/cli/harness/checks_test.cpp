#include "cli/harness/checks.hpp"

#include <gtest/gtest.h>

namespace dq::harness {
namespace {

pipeline::TurnOutcome outcome(std::string reply) {
  pipeline::TurnOutcome o;
  o.reply = std::move(reply);
  o.latency_us = 1500;
  o.usage.output_tokens = 40;
  return o;
}

const query::CheckRow* find(const std::vector<query::CheckRow>& rows, const std::string& check) {
  for (const auto& r : rows)
    if (r.check == check) return &r;
  return nullptr;
}

TEST(Checks, ContainsIsCaseInsensitiveAndSaysWhatWasMissing) {
  scenario::TurnExpect e;
  e.contains = {"ASKING PRICE", "$450,000"};
  auto rows = check_turn("s", 1, e, outcome("The asking price is firm."), core::Mode::dry_run);
  ASSERT_EQ(rows.size(), 4u);  // two contains, faithful, no_leak
  EXPECT_EQ(rows[0].status, "pass");
  EXPECT_EQ(rows[1].status, "fail");
  EXPECT_EQ(rows[1].detail, "expected \"$450,000\" in the reply; it was: \"The asking price is firm.\"");
  EXPECT_EQ(rows[1].turn, 1);
  EXPECT_EQ(rows[1].scenario, "s");
}

TEST(Checks, NotContainsRegexLatencyAndTokenCeilings) {
  scenario::TurnExpect e;
  e.not_contains = {"as an AI"};
  e.regex = {R"(\$4[0-9]{2},000)"};
  e.max_latency_ms = 1;
  e.max_output_tokens = 50;
  auto rows = check_turn("s", 2, e, outcome("As an AI I say $450,000"), core::Mode::dry_run);
  EXPECT_EQ(find(rows, "not_contains")->status, "fail");
  EXPECT_EQ(find(rows, "regex")->status, "pass");
  EXPECT_EQ(find(rows, "max_latency_ms")->status, "fail");
  EXPECT_EQ(find(rows, "max_latency_ms")->detail, "the turn took 1.5 ms, over the ceiling of 1 ms");
  EXPECT_EQ(find(rows, "max_output_tokens")->status, "pass");
}

TEST(Checks, CostIsNotEvaluatedInDryRunNeverPassed) {
  scenario::TurnExpect e;
  e.max_cost_usd = 0.01;
  auto rows = check_turn("s", 1, e, outcome("hello"), core::Mode::dry_run);
  EXPECT_EQ(find(rows, "max_cost_usd")->status, "not_evaluated");
  EXPECT_FALSE(any_failed(rows));
}

scenario::JudgeSpec spec(int threshold, int samples = 1) {
  scenario::JudgeSpec j;
  j.rubric = "Stays in character";
  j.threshold = threshold;
  j.samples = samples;
  return j;
}

TEST(Checks, AJudgeInDryRunIsNotEvaluatedUnlessItHasAMockVerdict) {
  EXPECT_EQ(dry_run_judge_check("s", 1, "judge", spec(7)).status, "not_evaluated");
  auto failing = spec(7);
  failing.mock_verdict = 3;
  const auto row = dry_run_judge_check("s", 1, "judge", failing);
  EXPECT_EQ(row.status, "fail");
  EXPECT_EQ(row.detail,
            "score 3/10, below 7 (rubric: Stays in character): mock_verdict from the scenario file.");
}

TEST(Checks, AJudgePassesOnTheMedianOfItsSamplesAndShowsEveryScoreAndReason) {
  pipeline::JudgeOutcome o;
  o.samples = {pipeline::JudgeVerdict{9, "a"}, pipeline::JudgeVerdict{4, "b"},
               pipeline::JudgeVerdict{7, "c"}};
  const auto row = judge_check("s", 2, "judge", spec(7, 3), o);
  EXPECT_EQ(row.status, "pass");
  EXPECT_EQ(row.detail,
            "median 7/10 of 3 samples (9, 4, 7), at least 7 (rubric: Stays in character): 1) a 2) b 3) c");
  o.samples[2] = pipeline::JudgeVerdict{5, "c"};
  EXPECT_EQ(judge_check("s", 2, "judge", spec(7, 3), o).status, "fail");
}

TEST(Checks, AJudgeAnswerThatDidNotParseFailsTheCheckWithTheRawText) {
  pipeline::JudgeOutcome o;
  o.samples = {pipeline::JudgeVerdict{9, "a"}, pipeline::parse_judge_answer("Looks great to me!", 10)};
  const auto row = judge_check("s", 2, "judge", spec(7, 2), o);
  EXPECT_EQ(row.status, "fail");
  EXPECT_NE(row.detail.find("[judge.bad_output]"), std::string::npos) << row.detail;
  EXPECT_NE(row.detail.find("Looks great to me!"), std::string::npos) << row.detail;
}

TEST(Checks, ALeakedPrivateGoalFailsNoLeakAndNamesTheTermUnlessSwitchedOff) {
  auto o = outcome("I could do $17,500 today.");
  o.leaks = pipeline::check_leaks(o.reply, "sell for at least $17,500", {"Sticker price: $18,900"});
  scenario::TurnExpect e;
  auto rows = check_turn("used-car", 2, e, o, core::Mode::replay);
  ASSERT_NE(find(rows, "no_leak"), nullptr);
  EXPECT_EQ(find(rows, "no_leak")->status, "fail");
  EXPECT_NE(find(rows, "no_leak")->detail.find("$17,500"), std::string::npos)
      << find(rows, "no_leak")->detail;
  e.no_leak = false;
  EXPECT_EQ(find(check_turn("used-car", 2, e, o, core::Mode::replay), "no_leak"), nullptr);
}

TEST(Checks, FaithfulnessAndNoLeakCanBeSwitchedOffPerTurn) {
  scenario::TurnExpect e;
  e.faithful = false;
  e.no_leak = false;
  EXPECT_TRUE(check_turn("s", 1, e, outcome("x"), core::Mode::dry_run).empty());
}

TEST(Checks, DebriefChecksShapeScoreBoundsAndAdvice) {
  scenario::DebriefExpect e;
  e.json_shape = {{"score", "integer", 0, 10, std::nullopt, true}};
  e.min_score = 5;
  e.contains = {"anchor"};
  pipeline::DebriefOutcome o;
  o.score_json = R"({"score": 4, "advice": "Anchor higher next time."})";
  auto rows = check_debrief("s", e, o);
  EXPECT_EQ(find(rows, "json_shape")->status, "pass");
  EXPECT_EQ(find(rows, "min_score")->status, "fail");
  EXPECT_EQ(find(rows, "min_score")->detail, "score 4 is below 5");
  EXPECT_EQ(find(rows, "contains")->status, "pass");
  EXPECT_EQ(rows[0].turn, 0);
}

TEST(Checks, ADebriefWithoutJsonFailsTheShapeWithTheParseError) {
  scenario::DebriefExpect e;
  e.json_shape = {{"score", "integer", std::nullopt, std::nullopt, std::nullopt, true}};
  pipeline::DebriefOutcome o;
  o.parse_error = "[coach.bad_json] the coach's answer holds no JSON object";
  auto rows = check_debrief("s", e, o);
  EXPECT_EQ(find(rows, "json_shape")->status, "fail");
  EXPECT_EQ(find(rows, "json_shape")->detail, o.parse_error);
}

TEST(Checks, ExcerptsAreShortSingleLineAndKeepUtf8Whole) {
  EXPECT_EQ(excerpt("a\nb"), "a b");
  std::string long_text(200, 'x');
  EXPECT_EQ(excerpt(long_text, 10), "xxxxxxxxxx…");
  EXPECT_EQ(excerpt("ab€€", 4), "ab…");  // never half a euro sign
}

}  // namespace
}  // namespace dq::harness
