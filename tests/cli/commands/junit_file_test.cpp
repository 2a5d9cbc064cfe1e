#include "cli/commands/junit_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "cli/commands/cli_errors.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::cli {
namespace {

harness::RunOutcome one_passed() {
  harness::RunOutcome outcome;
  harness::ScenarioOutcome s;
  s.row.scenario = "a";
  s.row.status = "passed";
  outcome.scenarios.push_back(s);
  return outcome;
}

TEST(JunitFile, TheCheckBeforeARunLeavesNothingBehind) {
  testing::TempDir dir;
  const auto path = (dir.path() / "out.xml").string();
  ASSERT_TRUE(check_junit_target(path).has_value());
  EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "the probe file was removed";
}

TEST(JunitFile, AWriteThatFailsAfterTheRunNamesTheFileAndLeavesNoTempFile) {
  testing::TempDir dir;
  const auto gone = dir.path() / "gone";
  std::filesystem::create_directory(gone);
  const auto path = (gone / "out.xml").string();
  ASSERT_TRUE(check_junit_target(path).has_value());
  std::filesystem::remove(gone);  // the directory went away while the run ran
  auto written = write_junit_file(path, one_passed(), {});
  ASSERT_FALSE(written.has_value());
  EXPECT_TRUE(written.error().code == errc::junit_write) << written.error().to_string();
  EXPECT_EQ(written.error().where, path);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(JunitFile, AWrittenFileReplacesTheOldOneWhole) {
  testing::TempDir dir;
  const auto path = (dir.path() / "out.xml").string();
  dir.write("out.xml", "old");
  ASSERT_TRUE(write_junit_file(path, one_passed(), {}).has_value());
  EXPECT_NE(testing::read_file(path).find("<testsuite"), std::string::npos);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1) << "no temp file left";
}

}  // namespace
}  // namespace dq::cli
