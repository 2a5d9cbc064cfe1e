#include "cli/render/html_report.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "tests/cli/render/report_fixtures.hpp"

namespace dq::render {
namespace {

std::vector<std::string> all_matches(const std::string& html, const std::string& pattern) {
  std::vector<std::string> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

// Every URL the page could fetch or point to: src= and href= values inside tags (escaped text has no `<`,
// so it never looks like a tag), and url(…) in the stylesheet.
std::vector<std::string> urls(const std::string& html) {
  std::vector<std::string> out;
  for (const auto& tag : all_matches(html, R"re((<[^>]*>))re"))
    for (auto& u : all_matches(tag, R"re(\s(?:src|href)\s*=\s*["']?([^"' >]*))re")) out.push_back(u);
  const auto style = html.substr(html.find("<style>"), html.find("</style>") - html.find("<style>"));
  for (auto& u : all_matches(style, R"re(url\(\s*["']?([^"')]*))re")) out.push_back(u);
  return out;
}

// The <svg> elements, each from its start tag to its end tag.
std::vector<std::string> svgs(const std::string& html) {
  std::vector<std::string> out;
  for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1))
    out.push_back(html.substr(at, html.find("</svg>", at) - at));
  return out;
}

// A drawn mark: a <rect> of positive width and height that carries a <title> (legend swatches have none).
int marks(const std::string& svg) {
  int n = 0;
  const std::regex re(R"re(<rect [^>]*width="([0-9.]+)" height="([0-9.]+)"><title>)re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it)
    n += std::stod((*it)[1].str()) > 0 && std::stod((*it)[2].str()) > 0;
  return n;
}

void expect_self_contained(const std::string& html) {
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<SCRIPT"), std::string::npos);
  const auto found = urls(html);
  for (const auto& u : found) {
    EXPECT_TRUE(u.starts_with("#")) << "not a link inside the page: " << u;
    EXPECT_EQ(u.find("//"), std::string::npos) << u;
  }
  EXPECT_NE(html.find("@media (prefers-color-scheme: dark)"), std::string::npos);
  const auto charts = svgs(html);
  EXPECT_FALSE(charts.empty());
  for (const auto& svg : charts) EXPECT_GT(marks(svg), 0) << svg;
}

TEST(HtmlReport, IsOneSelfContainedPageWithoutScriptWhoseChartsAllHaveMarks) {
  const auto report = testing::sample_report();
  const std::string html = html_report(report, testing::sample_waterfalls(report));
  expect_self_contained(html);
  EXPECT_EQ(urls(html).size(), 6u + 1u) << "the contents and the failing cell (the scan finds what there is)";
  // latency by step, one waterfall per scenario, cost per scenario
  EXPECT_EQ(svgs(html).size(), 1u + 3u + 1u);
  EXPECT_EQ(marks(svgs(html)[0]), 2 * 3) << "two steps, p50/p95/p99 each";
  EXPECT_EQ(marks(svgs(html)[1]), 7) << "a root and six children";
  EXPECT_NE(html.find("class=\"err\""), std::string::npos) << "a failed span is drawn as one";
  EXPECT_NE(html.find("no estimate stored for this run"), std::string::npos);
  EXPECT_NE(html.find("<dt>LLM calls</dt><dd>9</dd>"), std::string::npos);
  EXPECT_NE(html.find("id=\"transcript\""), std::string::npos);
  EXPECT_NE(html.find("It is $12,000."), std::string::npos);
}

TEST(HtmlReport, EveryFailingCellOfTheMatrixLinksToAnEntryWithTheCheckAndItsReason) {
  const auto report = testing::sample_report(7);
  const std::string html = html_report(report, {});
  const auto matrix = html.substr(html.find("<table class=\"matrix\">"));
  const auto links = all_matches(matrix.substr(0, matrix.find("</table>")), R"re(href="#([^"]+)")re");
  ASSERT_EQ(links.size(), 2u) << "scenarios 1 and 4 fail turn 2";
  std::set<std::string> ids;
  for (const auto& id : all_matches(html, R"re(id="([^"]+)")re")) EXPECT_TRUE(ids.insert(id).second) << id;
  for (const auto& target : links) {
    ASSERT_TRUE(ids.contains(target)) << target;
    const auto entry = html.substr(html.find("id=\"" + target + "\""));
    EXPECT_NE(
        entry.substr(0, entry.find("</div>")).find("<strong>contains</strong>: expected &quot;12,000&quot;"),
        std::string::npos)
        << entry.substr(0, 300);
  }
  EXPECT_NE(html.find("no traces stored for this run"), std::string::npos);
}

TEST(HtmlReport, TextFromOutsideIsEscapedEverywhere) {
  auto report = testing::sample_report(3, "<script>alert(1)</script> & \"quoted\"");
  report.transcript[0].reply = "<img src=http://example.com/x.png>";
  report.run.note = "<b>note</b>";
  const std::string html = html_report(report, testing::sample_waterfalls(report));
  expect_self_contained(html);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>note"), std::string::npos);
}

TEST(HtmlReport, AStoredEstimateIsDrawnNextToTheActualCost) {
  auto report = testing::sample_report();
  for (const auto& s : report.scenarios) {
    query::EstimateRow e;
    e.scenario = s.scenario;
    e.role = "counterpart";
    e.expected_usd = 0.002;
    report.estimates.push_back(e);
  }
  const std::string html = html_report(report, {});
  expect_self_contained(html);
  EXPECT_EQ(html.find("no estimate stored"), std::string::npos);
  const auto cost = svgs(html).back();
  EXPECT_NE(cost.find("estimated and actual cost per scenario"), std::string::npos) << cost;
  EXPECT_EQ(marks(cost), 2 * 3);
  EXPECT_NE(cost.find("<title>scenario-0 · estimate: $0.0020</title>"), std::string::npos) << cost;
}

TEST(HtmlReport, RepeatedRunsShowPassRatesAndEveryJudgesReasoningLinkedFromTheContents) {
  const auto report = testing::repeated_judged_report();
  const std::string page = html_report(report, testing::sample_waterfalls(report));
  EXPECT_NE(page.find("<a href=\"#rates\">pass rates</a>"), std::string::npos);
  EXPECT_NE(page.find("id=\"rates\""), std::string::npos);
  EXPECT_NE(page.find("67% (2/3, 95% CI"), std::string::npos) << page;
  EXPECT_NE(page.find("<a href=\"#judge\">judge reasoning</a>"), std::string::npos);
  EXPECT_NE(page.find("score 8/10: stays in character"), std::string::npos)
      << "a passing judge's reasoning too";
  EXPECT_NE(page.find("Rick named his floor of $9,000"), std::string::npos);
}

TEST(HtmlReport, TwoHundredScenariosMakeAPageUnderTwoMegabytes) {
  const auto report = testing::sample_report(200, std::string(300, 'r'));
  const std::string html = html_report(report, testing::sample_waterfalls(report, 20));
  RecordProperty("bytes", std::to_string(html.size()));
  EXPECT_LT(html.size(), 2u * 1024 * 1024);
  EXPECT_EQ(svgs(html).size(), 202u);
}

TEST(HtmlReport, AComparisonDrawsBaseNextToHeadAndListsTheChanges) {
  const auto base = testing::sample_report(3);
  auto head = testing::sample_report(4);
  head.run.run_id = "run-2";
  for (auto& s : head.samples) s.duration_us *= 2;
  head.steps = query::step_stats(head.samples, {"pipeline.turn", "llm.counterpart"});
  const auto c = query::compare_runs(base, head, {});
  const std::string html = html_compare(base, head, c);
  expect_self_contained(html);
  const auto charts = svgs(html);
  ASSERT_EQ(charts.size(), 2u);
  EXPECT_EQ(marks(charts[0]), 2 * 2) << "p95 of two steps, base and head";
  EXPECT_EQ(marks(charts[1]), 3 * 2) << "cost of the three shared scenarios, base and head";
  EXPECT_NE(html.find("<dt>scenarios compared</dt><dd>3</dd>"), std::string::npos);
  EXPECT_NE(html.find("scenario-3 (head only)"), std::string::npos);
  EXPECT_NE(html.find("<td>scenario-0</td><td>turn p95</td>"), std::string::npos);
}

}  // namespace
}  // namespace dq::render
