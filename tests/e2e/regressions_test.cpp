// The regression catalogue (tests/regressions/README.md): each entry is a cassette of a shipped scenario made
// bad in one way, recorded by tests/regressions/record. Replaying it must fail the run, fail the named check
// and show what was wrong, so the shipped suite keeps catching each of these bot failures.
#include <gtest/gtest.h>

#include <filesystem>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/e2e_support.hpp"

namespace dq::e2e {
namespace {

const std::string kRegressions = std::string(DQ_SOURCE_DIR) + "/tests/regressions";

struct Regression {
  std::string entry;      // directory under tests/regressions/, holding the cassette
  std::string scenario;   // the shipped scenario (scenarios/<scenario>.yaml) the cassette is a recording of
  std::string check;      // the start of the failing check's line: "<scenario> <where> <check>:"
  std::string offending;  // on that line: the offending term, verdict or measure
  std::vector<std::string> extra_args = {};
  int exit_code = 1;  // checks failed
};

const Regression kCatalogue[] = {
    {"invented-price", "used-car", "used-car turn 1 faithful:", "invented money $19,400"},
    {"leaked-goal", "used-car", "used-car turn 2 no_leak:", "leaked money $17,500"},
    {"broke-character", "salary-raise", "salary-raise turn 1 not_contains:", "\"as an AI\" must not appear"},
    {"wrong-language", "supplier-contract", "supplier-contract conversation conversation_judge:",
     "score 1/10, below 7 (rubric: Helga answers in English"},
    {"coach-not-json", "used-car", "used-car debrief json_shape:", "[coach.bad_json]"},
    {"coach-score-out-of-range", "used-car",
     "used-car debrief json_shape:", "field 'score' is 14, above max 10"},
    {"slow-step",
     "supplier-contract",
     "supplier-contract turn 4 max_latency_ms:",
     "over the ceiling of 2000 ms",
     {"--replay-speed", "recorded"}},
    {"token-blowup", "used-car", "used-car turn 5 max_output_tokens:", "158 output tokens, over 100"},
    {"judge-below-threshold", "office-lease",
     "office-lease turn 4 judge:", "Ruth volunteers a rent reduction nobody asked for"},
    // A simulated trainee whose answers never parse fails the scenario (exit 1, not 3: nothing broke).
    {"trainee-bad-output", "used-car-haggle", "used-car-haggle turn 1 pipeline: [trainee.bad_output]",
     "\"Sure! I'd love to ask Rick about the car first, then make an offer.\""},
    {"regex-miss", "salary-raise", "salary-raise turn 2 regex:", "six percent of payroll"},
    {"dodged-question", "office-lease", "office-lease turn 1 contains:", "expected \"4,200 square feet\""},
};

// The line of `out` that holds `needle`, or nothing.
std::string line_with(const std::string& out, const std::string& needle) {
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (contains(line, needle)) return line;
  return {};
}

class RegressionCatalogue : public ::testing::TestWithParam<Regression> {};

TEST_P(RegressionCatalogue, TheShippedScenarioFailsTheNamedCheckAndShowsWhatWasWrong) {
  const Regression& r = GetParam();
  testing::TempDir dir;
  std::vector<std::string> args{"run",
                                "--replay",
                                kScenarios + "/" + r.scenario + ".yaml",
                                "--cassette-dir",
                                kRegressions + "/" + r.entry,
                                "--store",
                                "t.db"};
  args.insert(args.end(), r.extra_args.begin(), r.extra_args.end());
  auto run = dq_test(args, dir);
  EXPECT_EQ(run.exit_code, r.exit_code) << run.out << run.err;
  EXPECT_FALSE(contains(run.out, "[cassette.")) << "the entry's cassette is stale: re-record it with "
                                                   "tests/regressions/record "
                                                << r.entry << "\n"
                                                << run.out;
  const std::string line = line_with(run.out, "\xe2\x9c\x97 " + r.check);  // "✗ <check>"
  ASSERT_FALSE(line.empty()) << "no failing check '" << r.check << "' in:\n" << run.out;
  EXPECT_TRUE(contains(line, r.offending)) << "'" << r.offending << "' not in: " << line;
  EXPECT_TRUE(contains(run.out, "1 scenario: 0 passed")) << run.out;
}

std::string entry_name(const ::testing::TestParamInfo<Regression>& info) {
  std::string name = info.param.entry;
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Entries, RegressionCatalogue, ::testing::ValuesIn(kCatalogue), entry_name);

TEST(RegressionCatalogueFiles, EveryEntryDirectoryIsInTheTable) {
  int dirs = 0;
  for (const auto& e : std::filesystem::directory_iterator(kRegressions)) {
    if (!e.is_directory()) continue;
    ++dirs;
    bool listed = false;
    for (const auto& r : kCatalogue) listed = listed || r.entry == e.path().filename().string();
    EXPECT_TRUE(listed) << e.path().filename() << " is not in kCatalogue";
  }
  EXPECT_EQ(dirs, static_cast<int>(std::size(kCatalogue)));
  EXPECT_GE(dirs, 10);
}

}  // namespace
}  // namespace dq::e2e
