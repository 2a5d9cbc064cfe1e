// `run --replay` of the shipped recordings, and `run --live --record`: no socket on replay, a readable miss,
// atomic cassettes, and no secret in any file.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/fake_llm_server.hpp"

namespace dq::e2e {
namespace {

TEST(CliReplay, TheShippedRecordingsReplayAndPassForZeroDollars) {
  testing::TempDir dir;
  auto r = dq_test({"run", "--replay", kScenarios, "--cassette-dir", kRecordings, "--store", "t.db"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "7 scenarios: 7 passed")) << r.out;
  EXPECT_TRUE(contains(r.out, "(replay)")) << r.out;
  EXPECT_TRUE(contains(r.out, "nothing was spent now")) << r.out;
}

TEST(CliReplay, ReplayOpensNoInternetSocket) {
  if (auto why = strace_unusable()) DQ_SKIP_OR_FAIL_IN_CI(*why);
  testing::TempDir dir;
  auto r = testing::run_process({"strace", "-f", "-e", "trace=connect", "-o", "trace.txt", kBin, "run",
                                 "--replay", kScenarios, "--cassette-dir", kRecordings, "--store", "t.db"},
                                {dir.path().string(), {{"ASAN_OPTIONS", "detect_leaks=0"}}});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(contains(testing::read_file((dir.path() / "trace.txt").string()), "AF_INET"));
}

TEST(CliReplay, AChangedPromptIsAMissNamingScenarioTurnStepWithTheClosestRecordingAndADiff) {
  testing::TempDir dir;
  std::string yaml = testing::read_file(kScenarios + "/salary-raise.yaml");
  const std::string before = "What would a promotion to senior engineer pay?";
  yaml.replace(yaml.find(before), before.size(), "What would a promotion to staff engineer pay?");
  dir.write("scenarios/salary-raise.yaml", yaml);
  auto r = dq_test({"run", "--replay", "scenarios", "--cassette-dir", kRecordings, "--store", "t.db"}, dir);
  EXPECT_EQ(r.exit_code, 1) << "a scenario that no longer matches its recording failed; nothing broke\n"
                            << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "FAIL  salary-raise")) << r.out;
  EXPECT_TRUE(contains(r.out, "[cassette.no_match] salary-raise/turn 3/llm.counterpart")) << r.out;
  EXPECT_TRUE(contains(r.out, "closest recorded")) << r.out;
  EXPECT_TRUE(contains(r.out, "messages[4].content")) << r.out;
}

TEST(CliReplay, AScenarioWithoutARecordingSaysWhereItLookedAndThatRecordingCostsMoney) {
  testing::TempDir dir;
  dir.write("failing-demo.yaml", kFailingScenario);
  std::filesystem::create_directory(dir.path() / "empty");
  auto r =
      dq_test({"run", "--replay", "failing-demo.yaml", "--cassette-dir", "empty", "--store", "t.db"}, dir);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "[cassette.not_found]")) << r.out;
  EXPECT_TRUE(contains(r.out, (dir.path() / "empty" / "failing-demo.json").string())) << r.out;
  EXPECT_TRUE(contains(r.out, "costs money")) << r.out;
  EXPECT_TRUE(contains(r.out, "dealquest-test estimate --filter failing-demo")) << r.out;
}

TEST(CliReplay, AMissingCassetteDirectoryIsNoRecordingsThereAndRunsNothing) {
  testing::TempDir dir;
  dir.write("failing-demo.yaml", kFailingScenario);
  auto r =
      dq_test({"run", "--replay", "failing-demo.yaml", "--cassette-dir", "none", "--store", "t.db"}, dir);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "no recordings in " + (dir.path() / "none").string())) << r.err;
  EXPECT_TRUE(contains(r.err, "--cassette-dir DIR")) << r.err;
  EXPECT_FALSE(contains(r.out + r.err, "--record missing"))
      << "advice that costs money, for a wrong directory";
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "t.db")) << "nothing ran";
}

TEST(CliCassettes, CheckListsStaleRecordingsWithTheDifferenceAndTheCostToReRecord) {
  testing::TempDir dir;
  auto fresh = dq_test({"cassettes", "check", kScenarios, "--cassette-dir", kRecordings}, dir);
  EXPECT_EQ(fresh.exit_code, 0) << fresh.out << fresh.err;
  EXPECT_TRUE(contains(fresh.out, "all 7 cassettes match")) << fresh.out;

  std::string yaml = testing::read_file(kScenarios + "/salary-raise.yaml");
  const std::string before = "When does the next review cycle start?";
  yaml.replace(yaml.find(before), before.size(), "When is the next review?");
  dir.write("scenarios/salary-raise.yaml", yaml);
  auto stale = dq_test({"cassettes", "check", "scenarios", "--cassette-dir", kRecordings}, dir);
  EXPECT_EQ(stale.exit_code, 1) << stale.out << stale.err;
  EXPECT_TRUE(contains(stale.out, "STALE  salary-raise")) << stale.out;
  EXPECT_TRUE(contains(stale.out, "turn 4/llm.counterpart")) << stale.out;
  EXPECT_TRUE(contains(stale.out, "1 of 1 scenarios have no recording that matches them")) << stale.out;
  EXPECT_TRUE(contains(stale.out, "worst case $")) << stale.out;
}

TEST(CliRecord, RecordingLeavesNoTraceOfTheKeyInCassettesStoreOrOutput) {
  testing::TempDir dir;
  testing::FakeLlmServer fake;
  fake.start();
  const std::string secret = "sk-ant-api03-SECRETSECRETSECRETSECRET0123456789abcdef";
  std::map<std::string, std::string> env{{"ANTHROPIC_API_KEY", secret},
                                         {"OPENROUTER_API_KEY", "sk-or-v1-SECRETSECRETSECRETSECRET"},
                                         {"ANTHROPIC_BASE_URL", fake.base_url()},
                                         {"OPENROUTER_BASE_URL", fake.base_url()},
                                         {"CI", ""}};
  auto est = dq_test({"estimate", kScenarios}, dir);
  const auto at = est.out.find("worst case $", est.out.find("total:"));
  const std::string amount = est.out.substr(at + 12, est.out.find('\n', at) - at - 12);
  auto r = dq_test({"run", "--live", "--record", "all", "--cassette-dir", "rec", kScenarios, "--store",
                    "t.db", "--confirm-cost", amount},
                   dir, env);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::string everything = r.out + r.err;
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
    if (!entry.is_regular_file()) continue;
    ++files;
    everything += testing::read_file(entry.path().string());
    EXPECT_EQ(entry.path().string().find(".tmp."), std::string::npos)
        << "a temp file was left: " << entry.path();
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "rec/salary-raise.json"));
  EXPECT_FALSE(contains(everything, "SECRETSECRET"))
      << "the key leaked into one of " << files << " files or the output";

  // What was recorded replays.
  auto replay = dq_test({"run", "--replay", kScenarios, "--cassette-dir", "rec", "--store", "t2.db"}, dir);
  EXPECT_EQ(replay.exit_code, 0) << replay.out << replay.err;
}

}  // namespace
}  // namespace dq::e2e
