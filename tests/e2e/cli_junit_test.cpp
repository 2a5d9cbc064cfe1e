// `run --junit FILE` (issue 12): the file validates against the common JUnit schema (tests/junit/JUnit.xsd)
// with a real XML parser (xmllint, Debian libxml2-utils), whatever the run's outcome.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/fake_llm_server.hpp"

namespace dq::e2e {
namespace {

const std::string kSchema = std::string(DQ_SOURCE_DIR) + "/tests/junit/JUnit.xsd";

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool xmllint_missing() {
  return testing::run_process({"xmllint", "--version"}).exit_code != 0;
}

// xmllint's verdict on `file` against the schema: empty when it validates, else what it printed.
std::string schema_errors(const std::filesystem::path& file) {
  auto r = testing::run_process({"xmllint", "--noout", "--schema", kSchema, file.string()});
  if (r.exit_code == 0) return "";
  return "xmllint exit " + std::to_string(r.exit_code) + ": " + r.out + r.err;
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

std::size_t shipped_scenarios() {
  std::size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(kScenarios))
    n += e.path().extension() == ".yaml" && e.path().filename() != "README.yaml";
  return n;
}

TEST(CliJunit, ADryRunWithAFailingScenarioWritesAFileThatValidatesAgainstTheJunitSchema) {
  if (xmllint_missing()) DQ_SKIP_OR_FAIL_IN_CI("xmllint not found: install Debian package libxml2-utils");
  testing::TempDir dir;
  dir.write("failing-demo.yaml", kFailingScenario);
  auto r = dq_test(
      {"run", "--dry-run", kScenarios, "failing-demo.yaml", "--store", "t.db", "--junit", "out.xml"}, dir);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "failing-demo turn 2 contains")) << r.out;  // the normal output is all there
  ASSERT_TRUE(std::filesystem::exists(dir / "out.xml")) << r.out << r.err;
  EXPECT_EQ(schema_errors(dir / "out.xml"), "") << read(dir / "out.xml");

  const std::string xml = read(dir / "out.xml");
  const std::size_t total = shipped_scenarios() + 1;
  EXPECT_EQ(count(xml, "<testsuite "), 1u);
  EXPECT_EQ(count(xml, "<testcase "), total) << xml;
  EXPECT_TRUE(
      contains(xml, "tests=\"" + std::to_string(total) + "\" failures=\"1\" errors=\"0\" skipped=\"0\""))
      << xml;
  EXPECT_EQ(count(xml, "<failure "), 1u) << xml;
  EXPECT_TRUE(contains(xml, "<testcase name=\"failing-demo\" classname=\"failing-demo\"")) << xml;
  EXPECT_TRUE(contains(xml, "type=\"contains\">✗ turn 2 contains: expected &quot;12,000&quot; in the reply"))
      << xml;
  EXPECT_TRUE(contains(xml, "<property name=\"mode\" value=\"dry-run\"/>")) << xml;
  auto stored = latest_stored_run(dir / "t.db");
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(contains(xml, "<property name=\"run_id\" value=\"" + stored->run.run_id + "\"/>")) << xml;
  // Written atomically: no temp file left next to it.
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    EXPECT_FALSE(contains(e.path().filename().string(), "out.xml.tmp")) << e.path();
}

TEST(CliJunit, RepetitionsAreTestcasesAndAPassingRunValidatesToo) {
  if (xmllint_missing()) DQ_SKIP_OR_FAIL_IN_CI("xmllint not found: install Debian package libxml2-utils");
  testing::TempDir dir;
  dir.write("old.xml", "left over from an earlier run");
  auto r = dq_test({"run", "--dry-run", kScenarios, "--repeat", "2", "--store", "t.db", "--junit", "old.xml",
                    "--format", "json"},
                   dir);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.front(), '{') << r.out;  // --junit adds a file, it does not change the output
  EXPECT_EQ(schema_errors(dir / "old.xml"), "") << read(dir / "old.xml");
  const std::string xml = read(dir / "old.xml");
  const std::size_t total = 2 * shipped_scenarios();
  EXPECT_EQ(count(xml, "<testcase "), total) << xml;
  EXPECT_EQ(count(xml, " #2\" classname="), shipped_scenarios()) << xml;
  EXPECT_TRUE(contains(xml, "failures=\"0\" errors=\"0\"")) << xml;
}

TEST(CliJunit, AFileThatCannotBeWrittenIsRefusedBeforeAnythingRuns) {
  testing::TempDir dir;
  dir.write("failing-demo.yaml", kFailingScenario);
  auto r = dq_test(
      {"run", "--dry-run", "failing-demo.yaml", "--store", "t.db", "--junit", "no-such-dir/out.xml"}, dir);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(
      contains(r.err,
               "[run.junit_write] no-such-dir/out.xml: cannot create the JUnit file (checked before the "
               "run: nothing was run): No such file or directory"))
      << r.err;
  EXPECT_FALSE(contains(r.out, "failing-demo")) << "no scenario ran (a live run would have spent first)";
  EXPECT_FALSE(std::filesystem::exists(dir / "t.db")) << "no run was begun";
  auto into_a_dir =
      dq_test({"run", "--dry-run", "failing-demo.yaml", "--store", "t.db", "--junit", "."}, dir);
  EXPECT_EQ(into_a_dir.exit_code, 2) << into_a_dir.err;
  EXPECT_TRUE(contains(into_a_dir.err, "[run.junit_write] .: is a directory")) << into_a_dir.err;
}

TEST(CliJunit, TextAModelMadeUpWithMarkupAndControlCharactersStillValidates) {
  if (xmllint_missing()) DQ_SKIP_OR_FAIL_IN_CI("xmllint not found: install Debian package libxml2-utils");
  testing::TempDir dir;
  std::string hostile = kFailingScenario;
  const std::string reply = "\"Let us talk about the weather instead.\"";
  hostile.replace(hostile.find(reply), reply.size(),
                  "\"<b>No</b> & \\\"no\\\" ]]> \\x01\\x1B[31m \\uFFFE \\r\\n done\"");
  dir.write("hostile.yaml", hostile);
  auto r = dq_test({"run", "--dry-run", "hostile.yaml", "--store", "t.db", "--junit", "out.xml"}, dir);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(schema_errors(dir / "out.xml"), "") << read(dir / "out.xml");
  EXPECT_TRUE(contains(read(dir / "out.xml"), "&lt;b&gt;No&lt;/b&gt; &amp; &quot;no&quot; ]]&gt;"))
      << read(dir / "out.xml");
}

TEST(CliJunit, AnInterruptedRunStillWritesItsFileWithErrorsAndSkips) {
  if (xmllint_missing()) DQ_SKIP_OR_FAIL_IN_CI("xmllint not found: install Debian package libxml2-utils");
  testing::TempDir dir;
  std::string slow = kFailingScenario;
  slow.replace(slow.find("id: failing-demo"), 16, "id: slow-demo");
  slow += "dry_run: {latency_ms: 300}\n";
  for (int i = 0; i < 20; ++i)
    slow.replace(slow.find("turns:\n"), 7, "turns:\n  - user: \"Tell me the price.\"\n");
  dir.write("slow.yaml", slow);
  dir.write("failing-demo.yaml", kFailingScenario);
  auto p = testing::start_process({kBin, "run", "--dry-run", "slow.yaml", "failing-demo.yaml",
                                   "--concurrency", "1", "--store", "t.db", "--junit", "out.xml"},
                                  dir.path().string(), {dir.path().string(), {{"NO_COLOR", "1"}}});
  ASSERT_TRUE(wait_until([&] {
    auto run = latest_stored_run(dir.path() / "t.db");
    return run && run->steps["pipeline.turn"] >= 1;
  })) << testing::read_file(p.err_path);
  kill(p.pid, SIGTERM);
  auto r = testing::wait_process(p);
  EXPECT_EQ(r.exit_code, 130) << r.out << r.err;
  EXPECT_EQ(schema_errors(dir / "out.xml"), "") << read(dir / "out.xml");
  const std::string xml = read(dir / "out.xml");
  EXPECT_TRUE(contains(xml, "tests=\"2\" failures=\"0\" errors=\"1\" skipped=\"1\"")) << xml;
  EXPECT_TRUE(contains(xml, "type=\"interrupted\"")) << xml;
  EXPECT_TRUE(contains(xml, "<skipped message=\"not started: the run was interrupted\"")) << xml;
  EXPECT_TRUE(contains(xml, "<property name=\"status\" value=\"interrupted\"/>")) << xml;
}

TEST(CliJunit, ABudgetStoppedLiveRunStillWritesItsFileAndSaysWhy) {
  if (xmllint_missing()) DQ_SKIP_OR_FAIL_IN_CI("xmllint not found: install Debian package libxml2-utils");
  testing::FakeLlmServer fake;
  fake.start();
  testing::TempDir dir;
  const std::map<std::string, std::string> env{{"ANTHROPIC_API_KEY", "test-key-not-a-secret"},
                                               {"OPENROUTER_API_KEY", "test-key-not-a-secret"},
                                               {"ANTHROPIC_BASE_URL", fake.base_url()},
                                               {"OPENROUTER_BASE_URL", fake.base_url()},
                                               {"CI", ""}};
  auto estimate = dq_test({"estimate", kScenarios}, dir);
  const auto at = estimate.out.find("worst case $");
  ASSERT_NE(at, std::string::npos) << estimate.out;
  const std::string worst = estimate.out.substr(at + 12, estimate.out.find('\n', at) - at - 12);
  auto r = dq_test({"run", "--live", kScenarios, "--store", "t.db", "--confirm-cost", worst, "--max-cost",
                    "0.02", "--concurrency", "5", "--junit", "out.xml"},
                   dir, env);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "stopped by the budget cap")) << r.out;
  EXPECT_EQ(schema_errors(dir / "out.xml"), "") << read(dir / "out.xml");
  const std::string xml = read(dir / "out.xml");
  EXPECT_TRUE(contains(xml, "<property name=\"status\" value=\"budget_exceeded\"/>")) << xml;
  EXPECT_TRUE(contains(xml, "<property name=\"stop_reason\"")) << xml;
  EXPECT_TRUE(contains(xml, "type=\"cost.budget_exceeded\"")) << xml;
  EXPECT_TRUE(contains(xml, "not started: the budget cap stopped the run")) << xml;
  EXPECT_EQ(count(xml, "<testcase "), shipped_scenarios()) << xml;
}

}  // namespace
}  // namespace dq::e2e
