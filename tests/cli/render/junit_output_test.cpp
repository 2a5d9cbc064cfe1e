#include "cli/render/junit_output.hpp"

#include <gtest/gtest.h>

#include "bot/core/utf8.hpp"

namespace dq::render {
namespace {

harness::ScenarioOutcome scenario(std::string id, std::string status, int repetition = 1) {
  harness::ScenarioOutcome s;
  s.row = {id, id + ".yaml", std::move(status), 2, 1'250'000, "", repetition};
  return s;
}

harness::RunOutcome mixed_run() {
  harness::RunOutcome o;
  auto ok = scenario("raise", "passed");
  ok.checks = {
      {"raise", 1, "contains", "pass", ""},
      {"raise", -1, "max_cost_usd", "not_evaluated", "not evaluated in dry-run: mocked calls cost $0"}};
  ok.cost_usd = 0.0125;
  auto bad = scenario("lease", "failed");
  bad.checks = {{"lease", 2, "contains", "fail", "expected \"12,000\" in the reply; it was: \"weather\""},
                {"lease", 0, "json_shape", "fail", "score is missing"},
                {"lease", 0, "judge", "not_evaluated", "LLM judge not evaluated in dry-run"}};
  auto broken = scenario("supplier", "error");
  broken.error = core::Error{"http.status", "supplier/turn 1/llm.counterpart", "provider answered 500"};
  broken.row.error = broken.error->to_string();
  auto never = scenario("startup", "not_run");
  o.scenarios = {ok, bad, broken, never};
  return o;
}

JunitRun run_info() {
  return {"run-1", "dry-run", "error", 1764390000123, 2'500'000, "ci-host"};
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

TEST(JunitOutput, OneSuitePerRunWithCountsTimeTimestampAndTheRunAsProperties) {
  const std::string xml = junit_xml(mixed_run(), run_info());
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", 0), 0u) << xml;
  EXPECT_EQ(count(xml, "<testsuite "), 1u);
  EXPECT_NE(xml.find("<testsuite name=\"dealquest-test run run-1\" package=\"dealquest\" id=\"0\" "
                     "timestamp=\"2025-11-29T04:20:00\" hostname=\"ci-host\" tests=\"4\" failures=\"1\" "
                     "errors=\"1\" skipped=\"1\" time=\"2.500\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<property name=\"run_id\" value=\"run-1\"/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<property name=\"mode\" value=\"dry-run\"/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<property name=\"cost_usd/raise\" value=\"0.012500\"/>"), std::string::npos) << xml;
  EXPECT_EQ(count(xml, "<testcase "), 4u);
  // The schema's order: properties, testcases, system-out, system-err.
  EXPECT_LT(xml.find("</properties>"), xml.find("<testcase "));
  EXPECT_LT(xml.rfind("</testcase>"), xml.find("<system-out>"));
  EXPECT_LT(xml.find("</system-out>"), xml.find("<system-err>"));
}

TEST(JunitOutput, AFailedScenarioHasOneFailureListingEveryFailingCheckWithItsReason) {
  const std::string xml = junit_xml(mixed_run(), run_info());
  EXPECT_EQ(count(xml, "<failure "), 1u) << xml;
  EXPECT_NE(
      xml.find(
          "<testcase name=\"lease\" classname=\"lease\" time=\"1.250\">\n      <failure message=\"turn 2 "
          "contains: expected &quot;12,000&quot; in the reply; it was: &quot;weather&quot; (and 1 more "
          "failing check)\" type=\"contains\">"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find("✗ turn 2 contains: expected &quot;12,000&quot;"), std::string::npos) << xml;
  EXPECT_NE(xml.find("✗ debrief json_shape: score is missing"), std::string::npos) << xml;
  EXPECT_NE(xml.find("· debrief judge: LLM judge not evaluated in dry-run"), std::string::npos) << xml;
}

TEST(JunitOutput, AnErrorIsAnErrorElementANotRunScenarioIsSkippedAPassIsEmpty) {
  const std::string xml = junit_xml(mixed_run(), run_info());
  EXPECT_NE(
      xml.find("<error message=\"[http.status] supplier/turn 1/llm.counterpart: provider answered 500\" "
               "type=\"http.status\">"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase name=\"startup\" classname=\"startup\" time=\"1.250\">\n      <skipped "
                     "message=\"not started\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase name=\"raise\" classname=\"raise\" time=\"1.250\"/>"), std::string::npos)
      << xml;
  // The passed scenario's check that was not evaluated is listed in the suite's output.
  EXPECT_NE(xml.find("  · conversation max_cost_usd: not evaluated in dry-run"), std::string::npos) << xml;
}

TEST(JunitOutput, BudgetStopsAndInterruptionsAreErrorsAndNameWhy) {
  harness::RunOutcome o;
  o.budget_stopped = true;
  o.stop_reason = "llm.coach would cross the $0.05 cap";
  auto refused = scenario("raise", "budget");
  refused.error = core::Error{"cost.budget_exceeded", "raise/debrief/llm.coach", "over the cap"};
  o.scenarios = {refused, scenario("lease", "stopped"), scenario("boat", "interrupted"),
                 scenario("startup", "not_run")};
  const std::string xml = junit_xml(o, run_info());
  EXPECT_NE(xml.find("failures=\"0\" errors=\"3\" skipped=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("type=\"cost.budget_exceeded\""), std::string::npos) << xml;
  EXPECT_NE(
      xml.find("<error message=\"stopped by the budget cap after turn 2: llm.coach would cross the $0.05 "
               "cap\" type=\"budget_exceeded\">"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find("type=\"interrupted\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<skipped message=\"not started: the budget cap stopped the run\">"), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<property name=\"stop_reason\" value=\"llm.coach would cross the $0.05 cap\"/>"),
            std::string::npos)
      << xml;
}

TEST(JunitOutput, EachRepetitionIsATestcaseNamedWithItsNumberAfterTheFirst) {
  harness::RunOutcome o;
  o.scenarios = {scenario("raise", "passed", 1), scenario("raise", "failed", 2),
                 scenario("raise", "passed", 3)};
  const std::string xml = junit_xml(o, run_info());
  EXPECT_NE(xml.find("<testcase name=\"raise\" classname=\"raise\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase name=\"raise #2\" classname=\"raise\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase name=\"raise #3\" classname=\"raise\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"0\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<property name=\"cost_usd/raise #2\""), std::string::npos) << xml;
}

TEST(JunitOutput, APassWithNoCheckEvaluatedIsSkippedOneWithSomeIsAPass) {
  harness::RunOutcome o;
  auto nothing = scenario("raise", "passed");
  nothing.checks = {{"raise", 0, "judge", "not_evaluated", "LLM judge not evaluated in dry-run"}};
  o.scenarios = {nothing};
  const std::string xml = junit_xml(o, run_info());
  EXPECT_NE(
      xml.find("<skipped message=\"no check was evaluated\">· debrief judge: LLM judge not evaluated in "
               "dry-run\n</skipped>"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find("skipped=\"1\""), std::string::npos) << xml;
}

TEST(JunitOutput, MarkupCharactersAreEscapedInTextAndAttributes) {
  EXPECT_EQ(xml_escape("a & b < c > d \" e ' f"), "a &amp; b &lt; c &gt; d &quot; e &apos; f");
  EXPECT_EQ(xml_escape("]]>"), "]]&gt;");
  EXPECT_EQ(xml_escape("line 1\nline 2\ttab"), "line 1\nline 2\ttab");
  EXPECT_EQ(xml_escape("line 1\nline 2\ttab", true), "line 1&#10;line 2&#9;tab");
  EXPECT_EQ(xml_escape("a\r\nb"), "a&#13;\nb");
}

TEST(JunitOutput, CharactersXmlForbidsAndInvalidUtf8BecomeReplacementCharacters) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(xml_escape(std::string("a\0b", 3)), "a" + fffd + "b");
  EXPECT_EQ(xml_escape("\x01\x08\x0B\x0C\x1B\x1F"), fffd + fffd + fffd + fffd + fffd + fffd);
  EXPECT_EQ(xml_escape("caf\xC3\xA9 \xE2\x82\xAC 12,000"), "caf\xC3\xA9 \xE2\x82\xAC 12,000");  // kept
  EXPECT_EQ(xml_escape("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");          // U+1F600 kept
  EXPECT_EQ(xml_escape("\xFF\xFE"), fffd + fffd);                         // not UTF-8
  EXPECT_EQ(xml_escape("\xC0\xAF"), fffd + fffd);                         // overlong '/'
  EXPECT_EQ(xml_escape("\xED\xA0\x80"), fffd + fffd + fffd);              // a surrogate
  EXPECT_EQ(xml_escape("ab\xE2\x82"), "ab" + fffd + fffd);                // cut short
  EXPECT_EQ(xml_escape("\xEF\xBF\xBE|\xEF\xBF\xBF"), fffd + "|" + fffd);  // U+FFFE, U+FFFF
}

// Whatever a model or a file put in a check's reason, the document is UTF-8 with no character XML 1.0
// forbids (xmllint checks the rest against the schema in tests/e2e/cli_junit_test.cpp).
TEST(JunitOutput, HostileTextInEveryFieldStillGivesCleanUtf8WithoutForbiddenCharacters) {
  std::string hostile = "<script>&amp;\"'\x01\x7F\xC3(\xFF]]>\r\x0B";
  harness::RunOutcome o;
  o.stop_reason = hostile;
  auto s = scenario(hostile, "failed", 2);
  s.checks = {{hostile, 1, hostile, "fail", hostile}, {hostile, 1, hostile, "not_evaluated", hostile}};
  auto e = scenario(hostile, "error");
  e.error = core::Error{hostile, hostile, hostile, hostile};
  o.scenarios = {s, e, scenario(hostile, "not_run")};
  const std::string xml = junit_xml(o, {hostile, hostile, hostile, 0, 0, hostile});
  for (std::size_t i = 0; i < xml.size();) {
    const auto c = static_cast<unsigned char>(xml[i]);
    ASSERT_FALSE(c < 0x20 && c != '\n' && c != '\t') << "control character at " << i << ": " << xml;
    const std::size_t n = core::utf8_sequence_length(xml, i);
    ASSERT_GT(n, 0u) << "invalid UTF-8 at " << i << ": " << xml;
    i += n;
  }
  EXPECT_EQ(xml.find("<script>"), std::string::npos);
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
}

}  // namespace
}  // namespace dq::render
