#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "bot/scenario/scenario_parser.hpp"
#include "tests/bot/scenario/scenario_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::scenario {
namespace {

std::string scenario_text(const std::string& id) {
  return fixtures::minimal_with_id(id);
}

std::vector<std::string> ids(const LoadResult& r) {
  std::vector<std::string> out;
  for (const auto& s : r.scenarios) out.push_back(s.id);
  return out;
}

TEST(ScenarioLoader, LoadsYamlFilesOfADirectoryByNameAndIgnoresTheRest) {
  testing::TempDir dir;
  dir.write("set/b-second.yaml", scenario_text("second"));
  dir.write("set/a-first.yml", scenario_text("first"));
  dir.write("set/c-third.yaml", scenario_text("third"));
  dir.write("set/README.md", "# not a scenario: [unclosed\n");
  dir.write("set/notes.txt", std::string("\0binary", 7));
  dir.write("set/nested.yaml/inside.yaml", scenario_text("nested"));  // a directory, not read
  dir.write("set/sub/deeper.yaml", scenario_text("deeper"));          // only files directly inside
  auto r = load_scenarios({(dir / "set").string()});
  for (const auto& e : r.errors) ADD_FAILURE() << e.to_string();
  EXPECT_EQ(ids(r), (std::vector<std::string>{"first", "second", "third"}));
  EXPECT_EQ(r.files, (std::vector<std::string>{(dir / "set" / "a-first.yml").string(),
                                               (dir / "set" / "b-second.yaml").string(),
                                               (dir / "set" / "c-third.yaml").string()}));
  EXPECT_EQ(r.scenarios[0].where.file, (dir / "set" / "a-first.yml").string());
}

TEST(ScenarioLoader, RejectsADuplicateIdAtTheSecondFilesIdLineNamingTheFirst) {
  testing::TempDir dir;
  const auto first = dir.write("one.yaml", scenario_text("raise"));
  const auto second = dir.write("two.yaml", "# the same id again\n" + scenario_text("raise"));
  auto r = load_scenarios({first.string(), second.string()});
  EXPECT_EQ(ids(r), std::vector<std::string>{"raise"});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, "scenario.duplicate_id");
  EXPECT_EQ(r.errors[0].where, second.string() + ":2:5");
  EXPECT_NE(r.errors[0].message.find(first.string() + ":1:5"), std::string::npos) << r.errors[0].message;
  EXPECT_EQ(r.files.size(), 2u);
}

TEST(ScenarioLoader, ReportsAPathThatDoesNotExistAsNotFound) {
  testing::TempDir dir;
  auto r = load_scenarios({(dir / "missing").string(), dir.write("ok.yaml", scenario_text("ok")).string()});
  EXPECT_EQ(ids(r), std::vector<std::string>{"ok"});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, "scenario.not_found");
  EXPECT_EQ(r.errors[0].where, (dir / "missing").string());

  auto single = load_scenario_file(dir / "missing.yaml");
  ASSERT_FALSE(single.has_value());
  EXPECT_EQ(single.error()[0].code, "scenario.not_found");
}

TEST(ScenarioLoader, LoadsAFileNamedTwiceOnlyOnce) {
  testing::TempDir dir;
  const auto file = dir.write("set/only.yaml", scenario_text("only"));
  auto r = load_scenarios({(dir / "set").string(), file.string()});
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(ids(r), std::vector<std::string>{"only"});
  EXPECT_EQ(r.files.size(), 1u);
}

TEST(ScenarioLoader, CollectsErrorsOfEveryFileAndKeepsTheValidScenarios) {
  testing::TempDir dir;
  dir.write("set/a.yaml", scenario_text("a") + "colour: blue\n");
  dir.write("set/b.yaml", scenario_text("b"));
  dir.write("set/c.yaml", "id: [c\n");
  auto r = load_scenarios({(dir / "set").string()});
  EXPECT_EQ(ids(r), std::vector<std::string>{"b"});
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].code, "scenario.unknown_key");
  EXPECT_EQ(r.errors[0].where, (dir / "set" / "a.yaml").string() + ":10:1");
  EXPECT_EQ(r.errors[1].code, "scenario.syntax");
  EXPECT_EQ(r.files.size(), 3u);
}

TEST(ScenarioLoader, ReportsADirectoryGivenAsAFileAsAnIoError) {
  testing::TempDir dir;
  auto single = load_scenario_file(dir.path());
  ASSERT_FALSE(single.has_value());
  EXPECT_EQ(single.error()[0].code, "scenario.io");
}

TEST(ScenarioLoader, ReportsAnUnreadableFileAsAnIoError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  testing::TempDir dir;
  const auto file = dir.write("locked.yaml", scenario_text("locked"));
  std::filesystem::permissions(file, std::filesystem::perms::none);
  auto single = load_scenario_file(file);
  std::filesystem::permissions(file, std::filesystem::perms::owner_all);
  ASSERT_FALSE(single.has_value());
  EXPECT_EQ(single.error()[0].code, "scenario.io");
}

TEST(ScenarioLoader, ReportsAFifoAsAnIoErrorWithoutOpeningIt) {
  testing::TempDir dir;
  const auto fifo = dir / "pipe.yaml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto single = load_scenario_file(fifo);  // opening it would block until a writer comes
  ASSERT_FALSE(single.has_value());
  EXPECT_EQ(single.error()[0].code, "scenario.io");
  auto r = load_scenarios({dir.path().string()});  // not a regular file: not a scenario of the directory
  EXPECT_TRUE(r.errors.empty());
  EXPECT_TRUE(r.files.empty());
}

TEST(ScenarioLoader, ReadsAFileWithAnyNameWhenGivenExplicitly) {
  testing::TempDir dir;
  const auto file = dir.write("raise.scenario", scenario_text("raise"));
  auto r = load_scenarios({file.string()});
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(ids(r), std::vector<std::string>{"raise"});
}

}  // namespace
}  // namespace dq::scenario
