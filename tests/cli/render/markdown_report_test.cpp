#include "cli/render/markdown_report.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/cli/render/report_fixtures.hpp"

namespace dq::render {
namespace {

std::size_t chars(const std::string& line) {
  std::size_t n = 0;
  for (unsigned char c : line) n += (c & 0xC0) != 0x80;
  return n;
}

// The longest line, in UTF-8 characters, and the line itself.
std::pair<std::size_t, std::string> longest_line(const std::string& text) {
  std::istringstream in(text);
  std::pair<std::size_t, std::string> longest{0, ""};
  for (std::string line; std::getline(in, line);)
    if (chars(line) > longest.first) longest = {chars(line), line};
  return longest;
}

std::string first_table_line(const std::string& text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("|")) return line;
  return "";
}

query::RunComparison sample_comparison(const std::string& long_text) {
  query::RunComparison c;
  c.base = {"run-base", "replay", "passed", 1'790'000'000'000, 1'790'000'001'000, 2, 2, 0, 0, ""};
  c.head = {"run-head", "replay", "failed", 1'790'000'100'000, 1'790'000'101'000, 2, 1, 1, 0, ""};
  query::ScenarioComparison s;
  s.scenario = "used-car";
  s.newly_failing = {{1, 2, "contains", long_text}};
  s.newly_passing = {{1, 3, "faithful", "was: invented $9,999"}};
  s.deltas = {{"turn p95", "us", 100'000, 200'000, 20, true}, {"cost", "usd", 0.01, 0.011, 10, false}};
  s.failed_gate = true;
  c.scenarios = {s};
  c.only_in_base = {"old-one"};
  c.only_in_head = {std::string(300, 'n')};
  c.crossed = 1;
  c.new_failures = 1;
  return c;
}

TEST(MarkdownReport, TheSummaryTableComesFirstThenStepsThenFailures) {
  const std::string md = markdown_report(testing::sample_report());
  EXPECT_TRUE(
      first_table_line(md).starts_with("| run | mode | status | took | scenarios | passed | failed |"))
      << md;
  const auto summary = md.find("| run-1 | replay | failed | 4.00 s | 3 | 2 | 1 | 9 |");
  const auto steps = md.find("#### Step latency");
  const auto failures = md.find("#### Failures (1)");
  ASSERT_NE(summary, std::string::npos) << md;
  ASSERT_NE(steps, std::string::npos) << md;
  ASSERT_NE(failures, std::string::npos) << md;
  EXPECT_LT(summary, steps);
  EXPECT_LT(steps, failures);
  EXPECT_NE(md.find("| scenario-1 | 1 | turn 2 | contains | expected \"12,000\" |"), std::string::npos) << md;
  EXPECT_NE(md.find("| llm.counterpart | 9 | 0 |"), std::string::npos) << md;
  EXPECT_EQ(md.find("estimated cost"), std::string::npos) << "no estimate stored: no estimate table";
}

TEST(MarkdownReport, NoLineIsLongerThan200CharactersEvenWithAThousandCharacterReason) {
  std::string reason;
  for (int i = 0; i < 250; ++i) reason += "ab|\n";  // 1000 characters, pipes and line breaks
  auto report = testing::sample_report(3, reason);
  report.run.note = std::string(1000, 'x');
  report.run.run_id = std::string(120, 'r');
  const std::string md = markdown_report(report);
  const auto [length, line] = longest_line(md);
  EXPECT_LE(length, kMarkdownLineLimit) << line;
  const auto row = md.find("| scenario-1 | 1 | turn 2 | contains | ab\\| ab\\| ");
  ASSERT_NE(row, std::string::npos) << md;
  const std::string failure_row = md.substr(row, md.find('\n', row) - row);
  EXPECT_TRUE(failure_row.ends_with("… |")) << failure_row;
  EXPECT_EQ(failure_row.find("ab|"), std::string::npos) << "every pipe in a cell is escaped";
}

TEST(MarkdownReport, ACellEscapesPipesAndLineBreaksAndIsCutWithAnEllipsis) {
  EXPECT_EQ(markdown_cell("a|b\nc\r\td", 20), "a\\|b c  d");
  EXPECT_EQ(markdown_cell("abcdef", 6), "abcdef");
  EXPECT_EQ(markdown_cell("abcdefg", 6), "abcde…");
  EXPECT_EQ(markdown_cell("ééééééé", 4), "ééé…") << "counted in characters, never cut inside one";
  EXPECT_EQ(markdown_cell("||||", 4), "\\|…") << "an escape is never split";
}

TEST(MarkdownReport, AStoredEstimateAddsItsTableWithTheError) {
  auto report = testing::sample_report();
  query::EstimateRow e;
  e.scenario = "scenario-0";
  e.role = "counterpart";
  e.planned_calls = 3;
  e.expected_usd = report.cost_usd / 2;
  e.worst_usd = report.cost_usd * 4;
  report.estimates = {e};
  const std::string md = markdown_report(report);
  EXPECT_NE(md.find("| estimated calls | estimated cost | worst case | actual cost | error |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| +100% |"), std::string::npos) << md;
}

TEST(MarkdownReport, RepeatedRunsShowPassRatesAndEveryJudgesReasoningPassedOrFailed) {
  const std::string md = markdown_report(testing::repeated_judged_report());
  ASSERT_NE(md.find("#### Pass rates"), std::string::npos) << md;
  EXPECT_NE(md.find("| haggle |  |  | 67% (2/3, 95% CI"), std::string::npos) << md;
  EXPECT_NE(md.find("| haggle | conversation | conversation_judge | 67% (2/3"), std::string::npos) << md;
  ASSERT_NE(md.find("#### Judge reasoning"), std::string::npos) << md;
  EXPECT_NE(md.find("| ✓ | score 8/10: stays in character |"), std::string::npos) << md;
  EXPECT_NE(md.find("| ✗ | score 3/10: Rick named his floor of $9,000 |"), std::string::npos) << md;
  EXPECT_EQ(markdown_report(testing::sample_report()).find("#### Pass rates"), std::string::npos)
      << "one repetition: no pass rates";
}

TEST(MarkdownReport, AComparisonSaysTheVerdictThenTheChangesAndWhatWasLeftOut) {
  const std::string md = markdown_compare(sample_comparison(std::string(1000, 'w')));
  EXPECT_TRUE(md.starts_with("### dealquest-test report --compare: **failed**")) << md;
  EXPECT_NE(md.find("| base | run-base | replay | passed |"), std::string::npos) << md;
  EXPECT_NE(md.find("| head | run-head | replay | failed |"), std::string::npos) << md;
  EXPECT_NE(md.find("| used-car | turn p95 | 100.0 ms | 200.0 ms | +100% | **over +20%** |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| used-car | cost | $0.0100 | $0.0110 | +10% | +10% |"), std::string::npos) << md;
  EXPECT_NE(md.find("#### Newly failing checks (1)"), std::string::npos) << md;
  EXPECT_NE(md.find("| used-car | 1 | turn 3 | faithful | was: invented $9,999 |"), std::string::npos) << md;
  EXPECT_NE(md.find("- old-one (base only)"), std::string::npos) << md;
  const auto [length, line] = longest_line(md);
  EXPECT_LE(length, kMarkdownLineLimit) << line;
}

TEST(MarkdownReport, AComparisonWithinItsThresholdsPasses) {
  auto c = sample_comparison("x");
  c.crossed = 0;
  c.new_failures = 0;
  c.scenarios[0].newly_failing.clear();
  const std::string md = markdown_compare(c);
  EXPECT_TRUE(md.starts_with("### dealquest-test report --compare: **passed**")) << md;
  EXPECT_NE(md.find("#### Newly failing checks\n\nNone."), std::string::npos) << md;
}

}  // namespace
}  // namespace dq::render
