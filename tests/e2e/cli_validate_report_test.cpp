#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

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
  EXPECT_TRUE(contains(text.out, "(" + id + ")")) << text.out;
  EXPECT_TRUE(contains(text.out, "ctx.load")) << text.out;
  auto missing = dq_test({"report", "--store", "t.db", "--trace", "ffffffffffffffff"}, dir);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "report.unknown_trace")) << missing.err;
}

// Every trace of a run shares the first digits of its id (they are the time), so the short id listings
// show, and people type back, is the random end.
TEST(CliReport, EveryShortIdTheListingShowsFindsItsTrace) {
  testing::TempDir dir;
  ASSERT_EQ(dq_test({"run", "--dry-run", kScenarios, "--store", "t.db"}, dir).exit_code, 0);
  int checked = 0;
  for (int page = 1; page <= 4; ++page) {
    auto listing = dq_test({"report", "--store", "t.db", "--traces", "--page", std::to_string(page)}, dir);
    ASSERT_EQ(listing.exit_code, 0) << listing.err;
    std::istringstream lines(listing.out);
    for (std::string line; std::getline(lines, line);) {
      if (!line.starts_with("✓ ") && !line.starts_with("✗ ")) continue;
      const std::string shown = line.substr(line.find(' ') + 1, 8);
      auto one = dq_test({"report", "--store", "t.db", "--trace", shown}, dir);
      EXPECT_EQ(one.exit_code, 0) << shown << ": " << one.err;
      EXPECT_TRUE(contains(one.out, "Trace " + shown)) << one.out;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 39) << "every listed trace was looked up by what the listing shows";
  // The start of an id is shared by the whole run: 8 digits of it are ambiguous, and the error lists ids.
  auto json =
      nlohmann::json::parse(dq_test({"report", "--store", "t.db", "--traces", "--format", "json"}, dir).out);
  const std::string full = json["traces"][0]["trace_id"];
  EXPECT_EQ(json["traces"][0]["short_id"], full.substr(24));
  auto start = dq_test({"report", "--store", "t.db", "--trace", full.substr(0, 8)}, dir);
  EXPECT_EQ(start.exit_code, 2);
  EXPECT_TRUE(contains(start.err, "[query.ambiguous_trace]")) << start.err;
  EXPECT_TRUE(contains(start.err, "the short id `report --traces` shows")) << start.err;
  auto middle = dq_test({"report", "--store", "t.db", "--trace", full.substr(12, 14)}, dir);
  EXPECT_EQ(middle.exit_code, 0) << "any unique part of the full id works: " << middle.err;
}

}  // namespace
}  // namespace dq::e2e
