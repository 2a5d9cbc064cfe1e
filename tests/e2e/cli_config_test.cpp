// dealquest.yaml and --config: the file's defaults reach the commands, under flags and the environment.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/e2e_support.hpp"

namespace dq::e2e {
namespace {

const std::string kOne = kScenarios + "/salary-raise.yaml";

TEST(CliConfigFile, TheStoreInDealquestYamlIsUsed) {
  testing::TempDir dir;
  dir.write("dealquest.yaml", "store: from-file.db\n");
  auto r = dq_test({"run", "--dry-run", kOne}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "from-file.db"));
  EXPECT_FALSE(std::filesystem::exists(dir / "dealquest.db"));
  EXPECT_EQ(dq_test({"report"}, dir).exit_code, 0);  // report finds the same store
}

TEST(CliConfigFile, TheStoreFlagBeatsTheFile) {
  testing::TempDir dir;
  dir.write("dealquest.yaml", "store: from-file.db\n");
  auto r = dq_test({"run", "--dry-run", kOne, "--store", "from-flag.db"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "from-flag.db"));
  EXPECT_FALSE(std::filesystem::exists(dir / "from-file.db"));
}

TEST(CliConfigFile, DealquestStoreInTheEnvironmentBeatsTheFile) {
  testing::TempDir dir;
  dir.write("dealquest.yaml", "store: from-file.db\n");
  auto r = dq_test({"run", "--dry-run", kOne}, dir, {{"DEALQUEST_STORE", (dir / "from-env.db").string()}});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "from-env.db"));
  EXPECT_FALSE(std::filesystem::exists(dir / "from-file.db"));
}

TEST(CliConfigFile, ConcurrencyComesFromTheFileUnlessTheFlagIsGiven) {
  testing::TempDir dir;
  dir.write("dealquest.yaml", "concurrency: 3\n");
  auto from_file = dq_test({"run", "--dry-run", kScenarios}, dir);
  ASSERT_EQ(from_file.exit_code, 0) << from_file.out << from_file.err;
  EXPECT_TRUE(contains(from_file.out, "concurrency 3")) << from_file.out;
  auto from_flag = dq_test({"run", "--dry-run", kScenarios, "--concurrency", "2"}, dir);
  ASSERT_EQ(from_flag.exit_code, 0) << from_flag.out << from_flag.err;
  EXPECT_TRUE(contains(from_flag.out, "concurrency 2")) << from_flag.out;
}

TEST(CliConfigFile, ScenariosAndCassetteDirFromTheFileMakeAReplayWorkFromAnyDirectory) {
  testing::TempDir dir;
  dir.write("dealquest.yaml",
            "scenarios: " + kScenarios + "\ncassette_dir: " + std::string(DQ_SOURCE_DIR) + "/recordings\n");
  auto r = dq_test({"run", "--replay", "--filter", "salary-raise"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(CliConfigFile, ConfigFlagNamesAnotherFile) {
  testing::TempDir dir;
  dir.write("dealquest.yaml", "store: default-file.db\n");
  std::filesystem::create_directories(dir / "conf");
  dir.write("conf/ci.yaml", "store: named-file.db\n");
  auto r = dq_test({"--config", "conf/ci.yaml", "run", "--dry-run", kOne}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "named-file.db"));
  EXPECT_FALSE(std::filesystem::exists(dir / "default-file.db"));
}

TEST(CliConfigFile, ConfigFlagMayFollowTheCommand) {
  testing::TempDir dir;
  dir.write("ci.yaml", "store: named-file.db\n");
  auto r = dq_test({"run", "--dry-run", kOne, "--config", "ci.yaml"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "named-file.db"));
}

TEST(CliConfigFile, AMissingConfigFileExitsTwoAndRunsNothing) {
  testing::TempDir dir;
  auto r = dq_test({"--config", "nowhere.yaml", "run", "--dry-run", kOne}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "[config.not_found] nowhere.yaml")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "dealquest.db"));
}

TEST(CliConfigFile, AMisspelledKeyExitsTwoNamingFileLineAndColumn) {
  testing::TempDir dir;
  dir.write("dealquest.yaml", "store: t.db\ncompare:\n  max_cost_increse: 10%\n");
  auto r = dq_test({"run", "--dry-run", kOne}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "[config.unknown_key] dealquest.yaml:3:3: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "did you mean 'max_cost_increase'")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "t.db"));
  EXPECT_EQ(r.out, "");
}

TEST(CliConfigFile, TheJudgeDefaultReachesTheEstimate) {
  testing::TempDir dir;
  auto model_calls = [&](const testing::ProcessResult& r, const std::string& provider,
                         const std::string& model) {
    int calls = 0;
    const auto j = nlohmann::json::parse(r.out);  // kept: a range-for over a temporary's member dangles
    for (const auto& m : j["models"])
      if (m["provider"] == provider && m["model"] == model) calls += m["calls"].get<int>();
    return calls;
  };
  auto builtin = dq_test({"estimate", kOne, "--format", "json"}, dir);
  ASSERT_EQ(builtin.exit_code, 0) << builtin.err;
  EXPECT_EQ(model_calls(builtin, "openrouter", "anthropic/claude-haiku-4.5"), 0);

  dir.write("dealquest.yaml",
            "judge: {provider: openrouter, model: anthropic/claude-haiku-4.5, max_tokens: 200}\n");
  auto configured = dq_test({"estimate", kOne, "--format", "json"}, dir);
  ASSERT_EQ(configured.exit_code, 0) << configured.err;
  int judge_calls = 0;
  const auto j = nlohmann::json::parse(configured.out);
  for (const auto& role : j["roles"])
    if (role["role"] == "judge") judge_calls = role["calls"].get<int>();
  ASSERT_GT(judge_calls, 0) << configured.out;
  EXPECT_EQ(model_calls(configured, "openrouter", "anthropic/claude-haiku-4.5"), judge_calls)
      << configured.out;
}

TEST(CliConfigFile, AJudgeModelWithoutAPriceIsReportedAtTheConfigFile) {
  testing::TempDir dir;
  dir.write("dealquest.yaml", "judge:\n  model: claude-haiku-9\n");
  auto r = dq_test({"estimate", kOne}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "[cost.unknown_model] dealquest.yaml:2:10: ")) << r.err;
}

// Two dry runs of one scenario, the second with a newly failing check: `report --compare previous` takes its
// thresholds from `compare:` in the file, under the flags.
TEST(CliConfigFile, CompareThresholdsComeFromTheFileUnlessAFlagIsGiven) {
  testing::TempDir dir;
  const std::string failing = kFailingScenario;
  std::string passing = failing;
  const std::string dodge = "Let us talk about the weather instead.";
  passing.replace(passing.find(dodge), dodge.size(), "It is $12,000, as I said.");
  dir.write("s.yaml", passing);
  ASSERT_EQ(dq_test({"run", "--dry-run", "s.yaml", "--store", "t.db"}, dir).exit_code, 0);
  dir.write("s.yaml", failing);
  ASSERT_EQ(dq_test({"run", "--dry-run", "s.yaml", "--store", "t.db"}, dir).exit_code, 1);

  auto builtin = dq_test({"report", "--store", "t.db", "--compare", "previous"}, dir);
  EXPECT_EQ(builtin.exit_code, 1) << builtin.out << builtin.err;
  dir.write("dealquest.yaml", "compare:\n  fail_on_new_failures: false\n  max_cost_increase: 1000%\n");
  auto from_file = dq_test({"report", "--store", "t.db", "--compare", "previous"}, dir);
  EXPECT_EQ(from_file.exit_code, 0) << from_file.out << from_file.err;
  auto from_flag =
      dq_test({"report", "--store", "t.db", "--compare", "previous", "--fail-on-new-failures", "true"}, dir);
  EXPECT_EQ(from_flag.exit_code, 1) << from_flag.out << from_flag.err;
}

}  // namespace
}  // namespace dq::e2e
