#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.hpp"

namespace dq::e2e {
namespace {

TEST(CliValidate, TheShippedScenariosAreValid) {
  testing::TempDir dir;
  auto r = dq_test({"validate", kScenarios}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "scenarios valid")) << r.out;
}

TEST(CliValidate, ABrokenFileExitsTwoWithItsLocation) {
  testing::TempDir dir;
  dir.write("bad.yaml", "id: x\ntitle: [unclosed\n");
  auto r = dq_test({"validate", "bad.yaml"}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "[scenario.syntax] bad.yaml:")) << r.err;
}

TEST(CliReport, JsonListsEveryPipelineStepWithPercentiles) {
  testing::TempDir dir;
  ASSERT_EQ(dq_test({"run", "--dry-run", kScenarios, "--store", "t.db"}, dir).exit_code, 0);
  auto r = dq_test({"report", "--store", "t.db", "--format", "json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  std::set<std::string> names;
  for (const auto& s : j["steps"]) {
    names.insert(s["name"].get<std::string>());
    EXPECT_TRUE(s.contains("p50_us") && s.contains("p95_us") && s.contains("p99_us")) << s.dump();
    EXPECT_GT(s["count"].get<int>(), 0);
  }
  for (const char* step : {"pipeline.turn", "ctx.load", "llm.counterpart", "check.faithful", "db.save",
                           "tg.reply", "pipeline.debrief", "llm.coach", "coach.parse"})
    EXPECT_TRUE(names.count(step)) << "missing step " << step << " in " << r.out;
  EXPECT_EQ(j["run"]["status"], "passed");
  EXPECT_GT(j["totals"]["input_tokens"].get<long>(), 0);
}

TEST(CliReport, TextShowsScenariosTurnsAndStepTable) {
  testing::TempDir dir;
  ASSERT_EQ(dq_test({"run", "--dry-run", kScenarios, "--store", "t.db"}, dir).exit_code, 0);
  auto r = dq_test({"report", "--store", "t.db"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "turn 1")) << r.out;
  EXPECT_TRUE(contains(r.out, "debrief")) << r.out;
  EXPECT_TRUE(contains(r.out, "llm.counterpart")) << r.out;
  EXPECT_TRUE(contains(r.out, "p95")) << r.out;
}

TEST(CliReport, WithoutAStoreItSaysWhatToDoAndExitsTwo) {
  testing::TempDir dir;
  auto r = dq_test({"report", "--store", "missing.db"}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "run `dealquest-test run --dry-run` first")) << r.err;
}

TEST(CliReport, AnUnknownRunIdIsAUsageError) {
  testing::TempDir dir;
  ASSERT_EQ(
      dq_test({"run", "--dry-run", kScenarios, "--filter", "*raise*", "--store", "t.db"}, dir).exit_code, 0);
  auto r = dq_test({"report", "--store", "t.db", "--run", "no-such-run"}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "report.unknown_run")) << r.err;
}

}  // namespace
}  // namespace dq::e2e

namespace dq::e2e {
namespace {

TEST(CliReport, ListsTracesAPageAtATimeAndShowsOneTracesWaterfall) {
  testing::TempDir dir;
  ASSERT_EQ(dq_test({"run", "--dry-run", kScenarios, "--store", "t.db"}, dir).exit_code, 0);
  auto page = dq_test({"report", "--store", "t.db", "--traces", "--page", "2", "--format", "json"}, dir);
  ASSERT_EQ(page.exit_code, 0) << page.err;
  auto j = nlohmann::json::parse(page.out);
  EXPECT_EQ(j["total"], 39) << "7 scenarios: 24 scripted turns, 8 simulated ones and 7 debriefs";
  EXPECT_EQ(j["pages"], 4);
  EXPECT_EQ(j["page"], 2);
  ASSERT_EQ(j["traces"].size(), 10u);
  const std::string id = j["traces"][0]["trace_id"];
  auto text = dq_test({"report", "--store", "t.db", "--trace", id}, dir);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(contains(text.out, "Trace " + id)) << text.out;
  EXPECT_TRUE(contains(text.out, "ctx.load")) << text.out;
  auto missing = dq_test({"report", "--store", "t.db", "--trace", "ffffffffffffffff"}, dir);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "report.unknown_trace")) << missing.err;
}

}  // namespace
}  // namespace dq::e2e
