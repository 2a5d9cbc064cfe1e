// `report --format html` in a real browser (issue 12): Debian's chromium, headless, renders the report of a
// replay to a screenshot and to its DOM. The page must not be blank, must run no script (so raise no
// error), must point at nothing outside itself, must draw a mark in every chart, and must turn dark when the
// browser asks for dark mode. In CI a missing chromium fails the test; elsewhere it is skipped.
//
// Blank: the screenshot is decoded (png_pixels.hpp, zlib) and must have many colours and a good share of
// pixels unlike the background; a blank page has one colour. Dark: the same page with --force-dark-mode
// (which sets prefers-color-scheme: dark) must be much darker on average than without it.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "tests/e2e/e2e_support.hpp"
#include "tests/e2e/png_pixels.hpp"

namespace dq::e2e {
namespace {

const std::string kRecordings = std::string(DQ_SOURCE_DIR) + "/recordings";
const std::string kChromium = "chromium";

bool chromium_missing() {
  return testing::run_process({kChromium, "--version"}).exit_code != 0;
}

// One headless chromium run on `page` with a throwaway profile; `what` is --dump-dom or --screenshot=FILE.
testing::ProcessResult chromium(const testing::TempDir& dir, const std::string& page, const std::string& what,
                                std::vector<std::string> extra = {}) {
  static int profiles = 0;
  std::vector<std::string> argv{
      kChromium,
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--user-data-dir=" + (dir / ("profile-" + std::to_string(++profiles))).string(),
      "--enable-logging=stderr",
      "--v=0",
      "--window-size=1280,2000",
      what};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back("file://" + (dir / page).string());
  return testing::run_process(argv);
}

std::vector<std::string> all_matches(const std::string& text, const std::string& pattern) {
  std::vector<std::string> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

// What chromium's log says the page's scripts did: console messages and uncaught errors.
std::vector<std::string> script_messages(const std::string& log) {
  std::vector<std::string> out;
  for (const auto& line : all_matches(log, R"re(([^\n]*(?::CONSOLE|Uncaught)[^\n]*))re")) out.push_back(line);
  return out;
}

// src= and href= values inside the DOM's tags that do not stay in the page (#anchor) or in it (data:).
std::vector<std::string> outside_urls(const std::string& dom) {
  std::vector<std::string> out;
  for (const auto& tag : all_matches(dom, R"re((<[^>]*>))re"))
    for (const auto& url : all_matches(tag, R"re(\s(?:src|href)\s*=\s*["']?([^"' >]*))re"))
      if (!url.starts_with("#") && !url.starts_with("data:")) out.push_back(url);
  return out;
}

// For each <svg> in the DOM, how many drawn marks it holds: rects of positive size that carry a <title>.
std::vector<int> marks_per_chart(const std::string& dom) {
  std::vector<int> out;
  const std::regex mark(R"re(<rect [^>]*width="([0-9.]+)" height="([0-9.]+)"[^>]*><title>)re");
  for (auto at = dom.find("<svg"); at != std::string::npos; at = dom.find("<svg", at + 1)) {
    const std::string svg = dom.substr(at, dom.find("</svg>", at) - at);
    int n = 0;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), mark); it != std::sregex_iterator(); ++it)
      n += std::stod((*it)[1].str()) > 0 && std::stod((*it)[2].str()) > 0;
    out.push_back(n);
  }
  return out;
}

struct Look {
  std::size_t colours = 0;
  double unlike_background = 0;  // share of pixels not of the most common colour
  double brightness = 0;         // mean of R, G and B over the image, 0..255
};

Look look_at(const Pixels& px) {
  std::map<std::uint32_t, std::size_t> counts;
  double sum = 0;
  for (std::size_t i = 0; i + 2 < px.rgb.size(); i += 3) {
    ++counts[(std::uint32_t(px.rgb[i]) << 16) | (std::uint32_t(px.rgb[i + 1]) << 8) | px.rgb[i + 2]];
    sum += px.rgb[i] + px.rgb[i + 1] + px.rgb[i + 2];
  }
  std::size_t most = 0;
  for (const auto& [_, n] : counts) most = std::max(most, n);
  const double pixels = static_cast<double>(px.rgb.size() / 3);
  return {counts.size(), 1.0 - static_cast<double>(most) / pixels, sum / (pixels * 3)};
}

Pixels screenshot(const testing::TempDir& dir, const std::string& page, const std::string& png,
                  std::vector<std::string> extra = {}) {
  auto r = chromium(dir, page, "--screenshot=" + (dir / png).string(), std::move(extra));
  if (r.exit_code != 0) return {0, 0, {}, "chromium exit " + std::to_string(r.exit_code) + ": " + r.err};
  return decode_png(testing::read_file((dir / png).string()));
}

// The checks every report page must pass in the browser.
void expect_renders(const testing::TempDir& dir, const std::string& page) {
  auto dom = chromium(dir, page, "--dump-dom");
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  EXPECT_TRUE(contains(dom.out, "<h1>dealquest-test report")) << dom.out.substr(0, 2000);
  EXPECT_FALSE(contains(dom.out, "<script")) << "the report runs no script";
  EXPECT_EQ(script_messages(dom.err), std::vector<std::string>{}) << "the page logged or raised";
  EXPECT_EQ(outside_urls(dom.out), std::vector<std::string>{});
  const auto marks = marks_per_chart(dom.out);
  EXPECT_FALSE(marks.empty()) << "no chart in the DOM";
  for (std::size_t i = 0; i < marks.size(); ++i) EXPECT_GT(marks[i], 0) << "chart " << i << " has no mark";
  std::set<std::string> ids;
  for (const auto& id : all_matches(dom.out, R"re(\sid="([^"]+)")re")) ids.insert(id);
  for (const auto& target : all_matches(dom.out, R"re(href="#([^"]+)")re"))
    EXPECT_TRUE(ids.contains(target)) << "a link to #" << target << " lands nowhere";

  const Pixels light = screenshot(dir, page, "shot.png");
  ASSERT_EQ(light.error, "");
  EXPECT_EQ(light.width, 1280u);
  const Look l = look_at(light);
  EXPECT_GT(l.colours, 50u) << "a blank or nearly blank page";
  EXPECT_GT(l.unlike_background, 0.02) << "a blank or nearly blank page";

  const Pixels dark = screenshot(dir, page, "shot-dark.png", {"--force-dark-mode"});
  ASSERT_EQ(dark.error, "");
  const Look d = look_at(dark);
  EXPECT_LT(d.brightness + 60, l.brightness) << "prefers-color-scheme: dark is not honoured";
  EXPECT_GT(d.colours, 50u);
}

#define DQ_NEED_CHROMIUM()                                                      \
  if (chromium_missing())                                                       \
  DQ_SKIP_OR_FAIL_IN_CI(                                                        \
      "chromium not found: apt-get install chromium (Debian package chromium, " \
      "scripts/packages.txt)")

TEST(CliHtmlBrowser, AReplaysReportRendersInHeadlessChromiumWithEveryChartDrawnAndDarkModeHonoured) {
  DQ_NEED_CHROMIUM();
  testing::TempDir dir;
  auto run = dq_test({"run", "--replay", kScenarios, "--cassette-dir", kRecordings, "--store", "t.db"}, dir);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto report = dq_test({"report", "--store", "t.db", "--format", "html"}, dir);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  dir.write("r.html", report.out);
  expect_renders(dir, "r.html");
  EXPECT_EQ(marks_per_chart(report.out).size(), 1u + 7u + 1u) << "latency, a waterfall per scenario, cost";
  // Kept in the build tree for a person to look at (build/tests/e2e/html-report/).
  const std::filesystem::path keep = DQ_BROWSER_OUT;
  std::filesystem::create_directories(keep);
  for (const char* f : {"r.html", "shot.png", "shot-dark.png"})
    std::filesystem::copy_file(dir / f, keep / f, std::filesystem::copy_options::overwrite_existing);
}

TEST(CliHtmlBrowser, AFailingRunsMatrixLinksToItsReasonsAndAComparisonRendersToo) {
  DQ_NEED_CHROMIUM();
  testing::TempDir dir;
  dir.write("failing-demo.yaml", kFailingScenario);
  for (int i = 0; i < 2; ++i)
    ASSERT_EQ(dq_test({"run", "--dry-run", "failing-demo.yaml", "--store", "t.db"}, dir).exit_code, 1);
  auto report = dq_test({"report", "--store", "t.db", "--format", "html"}, dir);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_TRUE(contains(report.out, "<td class=\"fail\"")) << report.out;
  dir.write("r.html", report.out);
  expect_renders(dir, "r.html");
  auto compare = dq_test({"report", "--store", "t.db", "--compare", "previous", "--format", "html"}, dir);
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  dir.write("c.html", compare.out);
  expect_renders(dir, "c.html");
}

TEST(CliHtmlBrowser, TheChecksSeeAScriptErrorAnOutsideUrlAndABlankPage) {
  DQ_NEED_CHROMIUM();
  testing::TempDir dir;
  dir.write("bad.html",
            "<html><body><script>undefinedFunction();</script><img src=\"http://example.invalid/x.png\">"
            "<svg><rect width=\"0\" height=\"5\"><title>t</title></rect></svg></body></html>");
  auto dom = chromium(dir, "bad.html", "--dump-dom");
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  EXPECT_FALSE(script_messages(dom.err).empty()) << dom.err;
  EXPECT_EQ(outside_urls(dom.out), std::vector<std::string>{"http://example.invalid/x.png"});
  EXPECT_EQ(marks_per_chart(dom.out), std::vector<int>{0});
  dir.write("blank.html", "<html><body></body></html>");
  const Pixels blank = screenshot(dir, "blank.html", "blank.png");
  ASSERT_EQ(blank.error, "");
  EXPECT_LT(look_at(blank).colours, 50u);
  EXPECT_LT(look_at(blank).unlike_background, 0.02);
}

}  // namespace
}  // namespace dq::e2e
