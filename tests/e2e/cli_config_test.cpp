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

}  // namespace
}  // namespace dq::e2e
