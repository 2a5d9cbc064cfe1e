#include "cli/render/report_output.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace dq::render {
namespace {

query::RunReport sample_report() {
  query::RunReport r;
  r.run = {"run-1", "dry-run", "failed", 1'790'000'000'000, 1'790'000'000'250, 2, 1, 1, 0, ""};
  r.scenarios = {{"raise", "raise.yaml", "passed", 2, 1200, ""},
                 {"lease", "lease.yaml", "failed", 1, 900, ""}};
  r.checks = {{"raise", 1, "contains", "pass", ""},
              {"raise", 0, "judge", "not_evaluated", "LLM judge not evaluated in dry-run mode yet"},
              {"lease", 1, "faithful", "fail", "invented money $9,999"}};
  r.steps = {{"pipeline.turn", 3, 0, 400, 500, 500, 0, 0, 0.0},
             {"llm.counterpart", 3, 1, 300, 450, 450, 900, 120, 0.0123}};
  r.input_tokens = 900;
  r.output_tokens = 120;
  r.cost_usd = 0.0123;
  return r;
}

TEST(ReportOutput, TextNamesTheFailingCheckUnderItsScenarioAndTurn) {
  const std::string text = report_text(sample_report(), Style{false});
  EXPECT_NE(text.find("run run-1  dry-run  failed"), std::string::npos) << text;
  EXPECT_NE(text.find("lease"), std::string::npos);
  EXPECT_NE(text.find("turn 1   fail  0 passed, 1 failed"), std::string::npos) << text;
  EXPECT_NE(text.find("✗ faithful: invented money $9,999"), std::string::npos) << text;
  EXPECT_NE(text.find("debrief  pass  0 passed, 1 not evaluated"), std::string::npos) << text;
  EXPECT_NE(text.find("llm.counterpart"), std::string::npos);
  EXPECT_NE(text.find("$0.0123"), std::string::npos);
  EXPECT_EQ(text.find("\033["), std::string::npos) << "no colour without a terminal";
}

TEST(ReportOutput, JsonCarriesEveryStepWithPercentilesAndTheChecksPerScenario) {
  auto j = nlohmann::json::parse(report_json(sample_report()));
  ASSERT_EQ(j["steps"].size(), 2u);
  EXPECT_EQ(j["steps"][1]["name"], "llm.counterpart");
  EXPECT_EQ(j["steps"][1]["p95_us"], 450);
  EXPECT_EQ(j["steps"][1]["errors"], 1);
  EXPECT_EQ(j["scenarios"][1]["checks"][0]["check"], "faithful");
  EXPECT_EQ(j["totals"]["input_tokens"], 900);
  EXPECT_EQ(j["run"]["status"], "failed");
}

}  // namespace
}  // namespace dq::render
