#include "cli/render/report_output.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/render/compare_output.hpp"
#include "cli/render/estimate_output.hpp"

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

query::EstimateRow estimate_row(std::string scenario, std::string role, std::int64_t planned_calls,
                                double expected, std::int64_t calls, double actual) {
  query::EstimateRow e;
  e.scenario = std::move(scenario);
  e.role = std::move(role);
  e.planned_calls = planned_calls;
  e.expected_usd = expected;
  e.worst_usd = expected * 10;
  e.calls = calls;
  e.cost_usd = actual;
  return e;
}

query::RunReport report_with_estimate() {
  query::RunReport r = sample_report();
  r.estimates = {estimate_row("lease", "counterpart", 3, 0.0100, 3, 0.0123),
                 estimate_row("lease", "judge", 0, 0.0, 1, 0.0010),
                 estimate_row("raise", "coach", 1, 0.0040, 1, 0.0030)};
  return r;
}

TEST(ReportOutput, TextSetsEachScenarioAndRolesEstimateNextToItsActualWithTheError) {
  const std::string text = report_text(report_with_estimate(), Style{false});
  const auto at = text.find("estimate vs actual");
  ASSERT_NE(at, std::string::npos) << text;
  const std::string section = text.substr(at);
  EXPECT_NE(section.find("  lease\n    counterpart"), std::string::npos) << section;
  EXPECT_NE(section.find("3 → 3"), std::string::npos) << section;
  EXPECT_NE(section.find("$0.0100 → $0.0123"), std::string::npos) << section;
  EXPECT_NE(section.find("+23%"), std::string::npos) << section;
  EXPECT_NE(section.find("0 → 1"), std::string::npos) << "a role nobody planned";
  EXPECT_NE(section.find("n/a"), std::string::npos) << "nothing expected: no percentage";
  EXPECT_NE(section.find("-25%"), std::string::npos) << section;
  EXPECT_NE(section.find("  total                       4 → 5         $0.0140 → $0.0163     +16%"),
            std::string::npos)
      << section;
}

TEST(ReportOutput, ARunWithoutAnEstimateHasNoSuchSection) {
  EXPECT_EQ(report_text(sample_report(), Style{false}).find("estimate vs actual"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::parse(report_json(sample_report()))["estimates"].empty());
}

TEST(ReportOutput, JsonCarriesPlannedAndActualWithTheErrorNullWhenNothingWasExpected) {
  auto j = nlohmann::json::parse(report_json(report_with_estimate()));
  ASSERT_EQ(j["estimates"].size(), 3u);
  const auto& first = j["estimates"][0];
  EXPECT_EQ(first["scenario"], "lease");
  EXPECT_EQ(first["role"], "counterpart");
  EXPECT_EQ(first["planned_calls"], 3);
  EXPECT_EQ(first["calls"], 3);
  EXPECT_DOUBLE_EQ(first["expected_usd"].get<double>(), 0.01);
  EXPECT_DOUBLE_EQ(first["cost_usd"].get<double>(), 0.0123);
  EXPECT_NEAR(first["error_pct"].get<double>(), 23.0, 1e-9);
  EXPECT_TRUE(j["estimates"][1]["error_pct"].is_null());
}

TEST(RunsOutput, TheEstimateColumnShowsTheExpectedCostOrADashWithout) {
  query::RunListRow with{sample_report().run, 12, 0.0612, 0.0736};
  query::RunListRow without{sample_report().run, 3, 0.01, -1};
  const std::string text = runs_text({with, without}, Style{false});
  EXPECT_NE(text.find("cost      estimate"), std::string::npos) << text;
  EXPECT_NE(text.find("$0.0612   $0.0736\n"), std::string::npos) << text;
  EXPECT_NE(text.find("$0.0100   —\n"), std::string::npos) << text;
  auto j = nlohmann::json::parse(runs_json({with, without}));
  EXPECT_DOUBLE_EQ(j["runs"][0]["expected_usd"].get<double>(), 0.0736);
  EXPECT_TRUE(j["runs"][1]["expected_usd"].is_null());
}

TEST(EstimateAccuracyOutput, SaysTheRangeAndMedianAndFromWhichMode) {
  EXPECT_EQ(estimate_accuracy_text(query::EstimateAccuracy{"live", 5, 62.4, 74.0, 88.2}),
            "last 5 live runs with an estimate: actual cost was 62%–88% of expected (median 74%)\n");
  EXPECT_EQ(estimate_accuracy_text(query::EstimateAccuracy{"replay", 1, 91, 91, 91}),
            "the last replay run with an estimate: actual cost was 91% of expected\n");
  EXPECT_EQ(estimate_accuracy_text(std::nullopt), "");
}

}  // namespace
}  // namespace dq::render
