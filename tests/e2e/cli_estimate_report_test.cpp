// Estimate vs actual, end to end: `run` stores its estimate per scenario and role before the first call,
// `report` sets it next to what the run used (with the error in percent), `report --runs` lists the expected
// cost next to the actual, and `estimate` says how far off the estimates of past runs were.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.hpp"

namespace dq::e2e {
namespace {

// The number in "cost estimate (N LLM calls)" and the X in "total: expected $X," of the printed estimate.
struct PrintedEstimate {
  long calls = -1;
  double expected_usd = -1;
};
PrintedEstimate printed_estimate(const std::string& out) {
  PrintedEstimate p;
  if (auto at = out.find("cost estimate ("); at != std::string::npos)
    p.calls = std::stol(out.substr(at + 15));
  if (auto at = out.find("total: expected $"); at != std::string::npos)
    p.expected_usd = std::stod(out.substr(at + 17));
  return p;
}

TEST(CliReportEstimate, AReplayShowsItsEstimateNextToTheActualsWithTheErrorInPercent) {
  testing::TempDir dir;
  auto run = dq_test({"run", "--replay", kScenarios, "--cassette-dir", kRecordings, "--store", "t.db"}, dir);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const PrintedEstimate printed = printed_estimate(run.out);
  ASSERT_GT(printed.calls, 0) << run.out;

  auto json = dq_test({"report", "--store", "t.db", "--format", "json"}, dir);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto j = nlohmann::json::parse(json.out);
  ASSERT_FALSE(j["estimates"].empty());
  long planned = 0, actual = 0;
  double expected = 0, cost = 0;
  for (const auto& e : j["estimates"]) {
    planned += e["planned_calls"].get<long>();
    actual += e["calls"].get<long>();
    expected += e["expected_usd"].get<double>();
    cost += e["cost_usd"].get<double>();
    EXPECT_TRUE(e["error_pct"].is_number()) << e.dump();
  }
  EXPECT_EQ(planned, printed.calls) << "the stored rows add up to the printed estimate";
  EXPECT_NEAR(expected, printed.expected_usd, 0.00005);
  long llm_spans = 0;
  for (const auto& st : j["steps"])
    if (st["name"].get<std::string>().starts_with("llm."))
      llm_spans += st["count"].get<long>() - st["errors"].get<long>();
  EXPECT_EQ(actual, llm_spans) << "every LLM call of the run is in some row";
  EXPECT_EQ(actual, 63) << "the recordings hold 63 calls";
  EXPECT_NEAR(cost, j["totals"]["cost_usd"].get<double>(), 1e-9) << "every LLM span is in some row";

  auto text = dq_test({"report", "--store", "t.db"}, dir);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  const auto at = text.out.find("estimate vs actual");
  ASSERT_NE(at, std::string::npos) << text.out;
  const std::string section = text.out.substr(at);
  EXPECT_TRUE(contains(section, "  used-car\n    counterpart")) << section;
  EXPECT_TRUE(contains(section, "%\n")) << section;
  EXPECT_TRUE(contains(section, "  total ")) << section;

  auto runs = dq_test({"report", "--store", "t.db", "--runs"}, dir);
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  EXPECT_TRUE(contains(runs.out, "cost      estimate")) << runs.out;
  char expected_text[64];
  std::snprintf(expected_text, sizeof expected_text, "$%.4f\n", printed.expected_usd);
  EXPECT_TRUE(contains(runs.out, expected_text)) << runs.out;
  auto runs_json =
      nlohmann::json::parse(dq_test({"report", "--store", "t.db", "--runs", "--format", "json"}, dir).out);
  EXPECT_NEAR(runs_json["runs"][0]["expected_usd"].get<double>(), printed.expected_usd, 0.00005);
}

TEST(CliReportEstimate, ADryRunHasAnEstimateTooAndItsActualIsZero) {
  testing::TempDir dir;
  auto run = dq_test({"run", "--dry-run", kScenarios, "--store", "t.db"}, dir);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto j = nlohmann::json::parse(dq_test({"report", "--store", "t.db", "--format", "json"}, dir).out);
  ASSERT_FALSE(j["estimates"].empty());
  for (const auto& e : j["estimates"]) {
    EXPECT_EQ(e["cost_usd"].get<double>(), 0.0) << e.dump();
    if (e["expected_usd"].get<double>() > 0) {
      EXPECT_DOUBLE_EQ(e["error_pct"].get<double>(), -100.0) << e.dump();
    }
  }
}

TEST(CliEstimate, AfterAReplayItSaysHowFarOffThatRunsEstimateWasAndFromWhichMode) {
  testing::TempDir dir;
  ASSERT_EQ(dq_test({"run", "--replay", kScenarios, "--cassette-dir", kRecordings, "--store", "t.db"}, dir)
                .exit_code,
            0);
  auto e = dq_test({"estimate", kScenarios, "--cassette-dir", kRecordings, "--store", "t.db"}, dir);
  ASSERT_EQ(e.exit_code, 0) << e.err;
  EXPECT_TRUE(contains(e.out, "the last replay run with an estimate: actual cost was ")) << e.out;
  auto j = nlohmann::json::parse(
      dq_test({"estimate", kScenarios, "--cassette-dir", kRecordings, "--store", "t.db", "--format", "json"},
              dir)
          .out);
  EXPECT_EQ(j["past_runs"]["mode"], "replay");
  EXPECT_EQ(j["past_runs"]["runs"], 1);
  EXPECT_GT(j["past_runs"]["median_pct"].get<double>(), 0);
}

TEST(CliEstimate, InAFreshDirectoryItSaysNothingOfPastRunsAndCreatesNoStore) {
  testing::TempDir dir;
  auto e = dq_test({"estimate", kScenarios}, dir);
  ASSERT_EQ(e.exit_code, 0) << e.err;
  EXPECT_TRUE(contains(e.out, "total: expected")) << e.out;
  EXPECT_FALSE(contains(e.out, "with an estimate")) << e.out;
  auto json = dq_test({"estimate", kScenarios, "--format", "json"}, dir);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(nlohmann::json::parse(json.out)["past_runs"].is_null());
  EXPECT_FALSE(std::filesystem::exists(dir / "dealquest.db"));
}

}  // namespace
}  // namespace dq::e2e
