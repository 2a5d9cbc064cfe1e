#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "bot/store/sqlite_store.hpp"
#include "tests/e2e/e2e_support.hpp"

namespace dq::e2e {
namespace {

TEST(CliRun, DryRunOfTheShippedScenariosPassesAndFillsTheStore) {
  testing::TempDir dir;
  auto r = dq_test({"run", "--dry-run", kScenarios, "--store", "t.db"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "0 failed")) << r.out;
  EXPECT_TRUE(contains(r.out, "PASS")) << r.out;
  EXPECT_TRUE(contains(r.out, "0 dropped")) << r.out;

  auto store = store::SqliteStore::open((dir.path() / "t.db").string());
  ASSERT_TRUE(store.has_value()) << store.error().to_string();
  auto run = (*store)->latest_run();
  ASSERT_TRUE(run.has_value() && run->has_value());
  EXPECT_EQ((*run)->status, "passed");
  EXPECT_EQ((*run)->mode, "dry-run");
  EXPECT_GE((*run)->scenarios, 5);
  EXPECT_EQ((*run)->passed, (*run)->scenarios);
  auto samples = (*store)->step_samples((*run)->run_id);
  ASSERT_TRUE(samples.has_value());
  int turns = 0, llm = 0;
  for (const auto& s : *samples) {
    turns += s.name == "pipeline.turn";
    llm += s.name == "llm.counterpart";
  }
  EXPECT_GE(turns, 5 * 4);
  EXPECT_EQ(llm, turns);
}

TEST(CliRun, AFailingExpectationExitsOneAndNamesScenarioTurnAndCheck) {
  testing::TempDir dir;
  dir.write("failing-demo.yaml", kFailingScenario);
  auto r = dq_test({"run", "--dry-run", "failing-demo.yaml", "--store", "t.db"}, dir);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "FAIL")) << r.out;
  EXPECT_TRUE(contains(r.out, "failing-demo turn 2 contains")) << r.out;
  EXPECT_TRUE(contains(r.out, "expected \"12,000\" in the reply")) << r.out;
  EXPECT_FALSE(contains(r.out, "turn 1 contains")) << r.out;

  auto report = dq_test({"report", "--store", "t.db"}, dir);
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_TRUE(contains(report.out, "✗ contains: expected \"12,000\"")) << report.out;
}

TEST(CliRun, AnUnknownKeyIsRejectedBeforeAnythingRunsWithFileLineAndColumn) {
  testing::TempDir dir;
  std::string text = kFailingScenario;
  const std::string good = "expect: {contains: \"12,000\"}";
  text.replace(text.find(good), good.size(), "expect: {contians: \"12,000\"}");
  dir.write("typo.yaml", text);
  auto r = dq_test({"run", "--dry-run", "typo.yaml", "--store", "t.db"}, dir);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "[scenario.unknown_key] typo.yaml:11:14")) << r.err;
  EXPECT_TRUE(contains(r.err, "contians")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "t.db"));
}

TEST(CliRun, JsonOutputIsOneDocumentWithTheSummary) {
  testing::TempDir dir;
  auto r = dq_test({"run", "--dry-run", kScenarios, "--store", "t.db", "--format", "json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.front(), '{');
  EXPECT_TRUE(contains(r.out, "\"summary\"")) << r.out;
  EXPECT_TRUE(contains(r.out, "\"failed\": 0")) << r.out;
}

TEST(CliRun, TwoDryRunsOfASimulatedTraineeScenarioGiveTheSameTranscript) {
  testing::TempDir dir;
  const std::string file = kScenarios + "/used-car-haggle.yaml";
  auto first = dq_test({"run", "--dry-run", file, "--store", "t.db", "--format", "json"}, dir);
  auto second = dq_test({"run", "--dry-run", file, "--store", "t.db", "--format", "json"}, dir);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  const auto a = nlohmann::json::parse(first.out)["scenarios"][0];
  const auto b = nlohmann::json::parse(second.out)["scenarios"][0];
  EXPECT_EQ(a["status"], "passed");
  ASSERT_GE(a["transcript"].size(), 4u) << a.dump(2);
  EXPECT_TRUE(a["transcript"][1]["simulated"].get<bool>());
  EXPECT_EQ(a["transcript"], b["transcript"]);
  EXPECT_NE(a["transcript"][0]["user"].get<std::string>(), a["transcript"][1]["user"].get<std::string>());
}

TEST(CliEstimate, ShowsTheTraineeAsARolePlannedAtMaxTurns) {
  testing::TempDir dir;
  auto r = dq_test({"estimate", kScenarios + "/used-car-haggle.yaml", "--format", "json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  std::map<std::string, int> calls;
  for (const auto& role : j["roles"]) calls[role["role"].get<std::string>()] = role["calls"].get<int>();
  EXPECT_EQ(calls["trainee"], 6) << r.out;  // max_turns 6
  EXPECT_EQ(calls["counterpart"], 6) << r.out;
  EXPECT_EQ(calls["coach"], 1) << r.out;
  EXPECT_EQ(calls["judge"], 2) << r.out;  // two conversation judges
  EXPECT_EQ(j["calls"], 15);
}

TEST(CliRun, FilterSelectsScenariosByGlobAndANonMatchingFilterIsAUsageError) {
  testing::TempDir dir;
  dir.write("failing-demo.yaml", kFailingScenario);
  auto none =
      dq_test({"run", "--dry-run", "failing-demo.yaml", "--filter", "nothing-*", "--store", "t.db"}, dir);
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(contains(none.err, "[run.no_scenarios] no scenario id matches --filter 'nothing-*'"))
      << none.err;
  EXPECT_TRUE(contains(none.err, "the ids are: failing-demo")) << none.err;
  auto some = dq_test({"run", "--dry-run", kScenarios, "--filter", "*raise*", "--store", "t.db"}, dir);
  EXPECT_EQ(some.exit_code, 0) << some.out << some.err;
  EXPECT_TRUE(contains(some.out, "1 scenario: 1 passed")) << some.out;
}

TEST(CliRun, AMissingModeIsAUsageError) {
  testing::TempDir dir;
  auto no_mode = dq_test({"run", kScenarios}, dir);
  EXPECT_EQ(no_mode.exit_code, 2);
}

TEST(CliRun, TheStoreComesFromDealquestStoreWhenNoFlagIsGiven) {
  testing::TempDir dir;
  auto r =
      dq_test({"run", "--dry-run", kScenarios, "--filter", "*raise*"}, dir, {{"DEALQUEST_STORE", "env.db"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "env.db"));
  EXPECT_FALSE(std::filesystem::exists(dir / "dealquest.db"));
}

TEST(CliRun, SigtermStopsStartingWorkDrainsTracesAndMarksTheRunInterrupted) {
  testing::TempDir dir;
  std::string slow = kFailingScenario;
  slow.replace(slow.find("id: failing-demo"), 16, "id: slow-demo");
  slow += "dry_run: {latency_ms: 300}\n";
  for (int i = 0; i < 20; ++i)
    slow.replace(slow.find("turns:\n"), 7, "turns:\n  - user: \"Tell me the price.\"\n");
  dir.write("slow.yaml", slow);
  auto p = testing::start_process({kBin, "run", "--dry-run", "slow.yaml", "--store", "t.db"},
                                  dir.path().string(), {dir.path().string(), {{"NO_COLOR", "1"}}});
  ASSERT_TRUE(wait_until([&] {  // a turn or two are in the store: the run is under way
    auto run = latest_stored_run(dir.path() / "t.db");
    return run && run->steps["pipeline.turn"] >= 1;
  })) << testing::read_file(p.err_path);
  kill(p.pid, SIGTERM);
  auto r = testing::wait_process(p);
  EXPECT_EQ(r.exit_code, 130) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "interrupted")) << r.out;

  auto stored = latest_stored_run(dir.path() / "t.db");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->run.status, "interrupted");
  const int turns = stored->steps["pipeline.turn"];
  EXPECT_GE(turns, 1);   // what ran before the signal is in the store...
  EXPECT_LT(turns, 22);  // ...and the rest never started
}

TEST(CliRun, AStoreThatIsNotSqliteIsAnInfrastructureErrorExitThree) {
  testing::TempDir dir;
  dir.write("not-a-store.db", std::string(4096, 'x'));
  auto r = dq_test({"run", "--dry-run", kScenarios, "--store", "not-a-store.db"}, dir);
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "[store.")) << r.err;
  EXPECT_TRUE(contains(r.err, "not-a-store.db")) << r.err;
}

TEST(CliRun, DryRunOpensNoInternetSocket) {
  if (auto why = strace_unusable()) DQ_SKIP_OR_FAIL_IN_CI(*why);
  testing::TempDir dir;
  auto r = testing::run_process({"strace", "-f", "-e", "trace=connect", "-o", "trace.txt", kBin, "run",
                                 "--dry-run", kScenarios, "--store", "t.db"},
                                // LeakSanitizer cannot run under ptrace (for the asan preset).
                                {dir.path().string(), {{"ASAN_OPTIONS", "detect_leaks=0"}}});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string trace = testing::read_file((dir.path() / "trace.txt").string());
  EXPECT_FALSE(contains(trace, "AF_INET")) << trace;
}

}  // namespace
}  // namespace dq::e2e
