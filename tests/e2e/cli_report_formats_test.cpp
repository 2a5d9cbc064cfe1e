// `report --format markdown|html` (issue 12) through the built binary: one run and --compare, and the clear
// refusal of the formats the listings do not have.
#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"

namespace dq::e2e {
namespace {

TEST(CliReportFormats, MarkdownAndHtmlForOneRunAndForACompare) {
  testing::TempDir dir;
  dir.write("failing-demo.yaml", kFailingScenario);
  for (int i = 0; i < 2; ++i)
    ASSERT_EQ(dq_test({"run", "--dry-run", "failing-demo.yaml", "--store", "t.db"}, dir).exit_code, 1);
  auto md = dq_test({"report", "--store", "t.db", "--format", "markdown"}, dir);
  ASSERT_EQ(md.exit_code, 0) << md.err;
  EXPECT_TRUE(md.out.starts_with("### dealquest-test report: run ")) << md.out;
  EXPECT_TRUE(contains(md.out, "| failing-demo | 1 | turn 2 | contains | expected \"12,000\" in the reply"))
      << md.out;
  auto html = dq_test({"report", "--store", "t.db", "--format", "html"}, dir);
  ASSERT_EQ(html.exit_code, 0) << html.err;
  EXPECT_TRUE(html.out.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(contains(html.out, "<td class=\"fail\"")) << html.out;
  auto cmd = dq_test({"report", "--store", "t.db", "--compare", "previous", "--format", "markdown"}, dir);
  EXPECT_EQ(cmd.exit_code, 0) << cmd.err;
  EXPECT_TRUE(cmd.out.starts_with("### dealquest-test report --compare: **passed**")) << cmd.out;
  auto chtml = dq_test({"report", "--store", "t.db", "--compare", "previous", "--format", "html"}, dir);
  EXPECT_EQ(chtml.exit_code, 0) << chtml.err;
  EXPECT_TRUE(contains(chtml.out, "p95 latency by step, base and head")) << chtml.out;
}

TEST(CliReportFormats, TheListingsRefuseMarkdownAndHtmlWithAUsageError) {
  testing::TempDir dir;
  ASSERT_EQ(dq_test({"run", "--dry-run", kScenarios + "/used-car.yaml", "--store", "t.db"}, dir).exit_code,
            0);
  for (const std::string listing : {"--runs", "--traces"})
    for (const char* format : {"markdown", "html"}) {
      auto r = dq_test({"report", "--store", "t.db", "--format", format, listing}, dir);
      EXPECT_EQ(r.exit_code, 2) << listing << " " << format;
      EXPECT_TRUE(contains(r.err, "[cli.bad_argument] --format: --format " + std::string(format) +
                                      " is for one run's report and --compare"))
          << r.err;
      EXPECT_EQ(r.out, "");
    }
  auto bad = dq_test({"report", "--store", "t.db", "--format", "pdf"}, dir);
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
}

}  // namespace
}  // namespace dq::e2e
