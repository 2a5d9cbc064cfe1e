#include "cli/render/run_output.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace dq::render {
namespace {

harness::RunOutcome sample() {
  harness::RunOutcome o;
  harness::ScenarioOutcome ok;
  ok.row = {"raise", "raise.yaml", "passed", 4, 2500, ""};
  ok.llm_calls = 5;
  ok.input_tokens = 1000;
  ok.output_tokens = 200;
  harness::ScenarioOutcome bad;
  bad.row = {"lease", "lease.yaml", "failed", 2, 800, ""};
  bad.checks = {{"lease", 2, "contains", "fail", "expected \"$42\" in the reply; it was: \"hello\""},
                {"lease", 0, "judge", "not_evaluated", "LLM judge not evaluated in dry-run mode yet"}};
  bad.llm_calls = 2;
  o.scenarios = {ok, bad};
  return o;
}

TEST(RunOutput, AScenarioLineThenOneLinePerFailingCheckNamingScenarioTurnAndCheck) {
  const auto o = sample();
  const std::string ok = scenario_lines(o.scenarios[0], Style{false});
  EXPECT_EQ(ok.rfind("PASS  raise", 0), 0u) << ok;
  EXPECT_NE(ok.find("4 turns"), std::string::npos);
  const std::string bad = scenario_lines(o.scenarios[1], Style{false});
  EXPECT_EQ(bad.rfind("FAIL  lease", 0), 0u) << bad;
  EXPECT_NE(bad.find("✗ lease turn 2 contains: expected \"$42\""), std::string::npos) << bad;
  EXPECT_NE(bad.find("· debrief judge: LLM judge not evaluated"), std::string::npos) << bad;
}

TEST(RunOutput, TheSummaryCountsOutcomesCallsTokensAndDroppedSpans) {
  RunSummary s = summarize(sample());
  EXPECT_EQ(s.passed, 1);
  EXPECT_EQ(s.failed, 1);
  EXPECT_EQ(s.llm_calls, 7);
  s.run_id = "r";
  s.mode = "dry-run";
  s.store = "x.db";
  s.dropped_spans = 3;
  const std::string text = summary_text(s, Style{false});
  EXPECT_NE(text.find("2 scenarios: 1 passed, 1 failed"), std::string::npos) << text;
  EXPECT_NE(text.find("7 LLM calls"), std::string::npos) << text;
  EXPECT_NE(text.find("1,000 in / 200 out tokens"), std::string::npos) << text;
  EXPECT_NE(text.find("3 spans dropped"), std::string::npos) << text;
}

TEST(RunOutput, JsonHasScenariosChecksAndSummary) {
  auto o = sample();
  auto j = nlohmann::json::parse(run_json(o, summarize(o)));
  EXPECT_EQ(j["scenarios"].size(), 2u);
  EXPECT_EQ(j["scenarios"][1]["checks"][0]["status"], "fail");
  EXPECT_EQ(j["summary"]["failed"], 1);
}

}  // namespace
}  // namespace dq::render
