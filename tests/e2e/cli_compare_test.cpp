// `report --runs` and `report --compare`: the CI gate. Two replays of the same recordings compare equal
// (exit 0); a replay whose recorded latencies were made slower fails the gate (exit 1) and names the step.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.hpp"

namespace dq::e2e {
namespace {

const std::string kUsedCar = kScenarios + "/used-car.yaml";

// recordings/used-car.json with every recorded latency set to `ms`, in `dir`/`name`/.
std::string cassettes_with_latency(const testing::TempDir& dir, const std::string& name, int ms) {
  auto cassette = nlohmann::json::parse(testing::read_file(kRecordings + "/used-car.json"));
  for (auto& in : cassette["interactions"]) in["latency_ms"] = ms;
  dir.write(name + "/used-car.json", cassette.dump(2));
  return name;
}

TEST(CliCompare, TwoReplaysOfTheSameRecordingsCompareEqualAndRunsListsThem) {
  testing::TempDir dir;
  for (int i = 0; i < 2; ++i)
    ASSERT_EQ(dq_test({"run", "--replay", kScenarios, "--cassette-dir", kRecordings, "--store", "t.db"}, dir)
                  .exit_code,
              0);
  auto same = dq_test({"report", "--store", "t.db", "--compare", "previous"}, dir);
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  EXPECT_TRUE(contains(same.out, "compare: passed (7 scenarios compared, 0 newly failing checks)"))
      << same.out;
  auto runs = dq_test({"report", "--store", "t.db", "--runs", "--format", "json"}, dir);
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  auto j = nlohmann::json::parse(runs.out);
  ASSERT_EQ(j["runs"].size(), 2u);
  EXPECT_EQ(j["runs"][0]["mode"], "replay");
  EXPECT_EQ(j["runs"][0]["passed"], 7);
  EXPECT_EQ(j["runs"][0]["llm_calls"], 63);
  EXPECT_GT(j["runs"][0]["cost_usd"].get<double>(), 0);
  EXPECT_GT(j["runs"][0]["started_ms"].get<std::int64_t>(), 0);
  auto text = dq_test({"report", "--store", "t.db", "--runs"}, dir);
  EXPECT_TRUE(contains(text.out, "replay")) << text.out;
}

TEST(CliCompare, ASlowerReplayFailsTheGateAndNamesTheStepAndHowMuchSlower) {
  testing::TempDir dir;
  const std::string fast = cassettes_with_latency(dir, "fast", 20);
  const std::string slow = cassettes_with_latency(dir, "slow", 150);
  auto run = [&](const std::string& cassettes) {
    return dq_test({"run", "--replay", kUsedCar, "--cassette-dir", cassettes, "--replay-speed", "recorded",
                    "--store", "t.db"},
                   dir);
  };
  ASSERT_EQ(run(fast).exit_code, 0);
  ASSERT_EQ(run(slow).exit_code, 0);
  auto slower = dq_test({"report", "--store", "t.db", "--compare", "previous"}, dir);
  EXPECT_EQ(slower.exit_code, 1) << slower.out << slower.err;
  EXPECT_TRUE(contains(slower.out, "llm.counterpart p95")) << slower.out;
  EXPECT_TRUE(contains(slower.out, "over +20%")) << slower.out;
  EXPECT_TRUE(contains(slower.out, "compare: FAILED")) << slower.out;
  auto json = nlohmann::json::parse(
      dq_test({"report", "--store", "t.db", "--compare", "previous", "--format", "json"}, dir).out);
  EXPECT_FALSE(json["passed"].get<bool>());
  bool named = false;
  for (const auto& d : json["scenarios"][0]["deltas"])
    if (d["what"] == "llm.counterpart p95" && d["crossed"].get<bool>()) {
      named = true;
      EXPECT_GT(d["change_pct"].get<double>(), 200) << "20 ms -> 150 ms a call: " << d.dump();
    }
  EXPECT_TRUE(named) << json.dump(2);
  // A looser threshold lets the same change through.
  auto loose =
      dq_test({"report", "--store", "t.db", "--compare", "previous", "--max-latency-increase", "2000%"}, dir);
  EXPECT_EQ(loose.exit_code, 0) << loose.out;
}

TEST(CliCompare, RunsOfDifferentScenarioSetsAreComparedOnWhatTheyShare) {
  testing::TempDir dir;
  ASSERT_EQ(dq_test({"run", "--replay", kScenarios, "--cassette-dir", kRecordings, "--store", "t.db"}, dir)
                .exit_code,
            0);
  auto all =
      nlohmann::json::parse(dq_test({"report", "--store", "t.db", "--runs", "--format", "json"}, dir).out);
  const std::string base = all["runs"][0]["run_id"];
  ASSERT_EQ(
      dq_test({"run", "--replay", kUsedCar, "--cassette-dir", kRecordings, "--store", "t.db"}, dir).exit_code,
      0);
  auto previous = dq_test({"report", "--store", "t.db", "--compare", "previous"}, dir);
  EXPECT_EQ(previous.exit_code, 2) << "no earlier run of the same scenarios: " << previous.out;
  EXPECT_TRUE(
      contains(previous.err, "[report.unknown_run] previous: no earlier replay run of the same 1 scenarios"))
      << previous.err;
  auto shared = dq_test({"report", "--store", "t.db", "--compare", base.substr(0, 20)}, dir);
  EXPECT_EQ(shared.exit_code, 0) << shared.out << shared.err;
  EXPECT_TRUE(contains(shared.out, "left out (not in both runs):")) << shared.out;
  EXPECT_TRUE(contains(shared.out, "salary-raise (base only)")) << shared.out;
  EXPECT_TRUE(contains(shared.out, "1 scenarios compared")) << shared.out;
}

}  // namespace
}  // namespace dq::e2e
