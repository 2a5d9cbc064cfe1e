// A newcomer's first hour (issue #11): the mistakes people make on their first day get an answer that says
// what went wrong, where, and what to do next.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/e2e/e2e_support.hpp"

namespace dq::e2e {
namespace {

TEST(CliNewcomer, AMistypedCommandIsNamedWithTheOneMeant) {
  testing::TempDir dir;
  auto r = dq_test({"repot"}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "[cli.unknown_command] unknown command 'repot' (did you mean 'report'?)"))
      << r.err;
  auto none = dq_test({}, dir);
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(contains(none.err, "[cli.no_command]")) << none.err;
  EXPECT_TRUE(contains(none.err, "run, estimate, cassettes, validate, report")) << none.err;
}

TEST(CliNewcomer, ParserErrorsHaveACodeAndANextStep) {
  testing::TempDir dir;
  auto r = dq_test({"run", "--dry-run", "--bogus"}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "[cli.bad_argument] run: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "dealquest-test run --help")) << r.err;
}

TEST(CliNewcomer, AMistypedOptionOrNestedCommandIsNamedWithTheOneMeant) {
  testing::TempDir dir;
  auto option = dq_test({"run", "--dry-run", "--filtr", "x"}, dir);
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_TRUE(contains(option.err, "--filtr (did you mean '--filter'?)")) << option.err;
  auto nested = dq_test({"cassettes", "chek"}, dir);
  EXPECT_EQ(nested.exit_code, 2);
  EXPECT_TRUE(contains(nested.err,
                       "[cli.unknown_command] cassettes: unknown command 'cassettes chek' (did you "
                       "mean 'check'?)"))
      << nested.err;
}

TEST(CliNewcomer, RangeErrorsSayGreaterThanZeroNotThreeHundredDigits) {
  testing::TempDir dir;
  auto cost = dq_test({"run", "--dry-run", "--max-cost", "0"}, dir);
  EXPECT_EQ(cost.exit_code, 2);
  EXPECT_TRUE(contains(cost.err, "--max-cost: must be greater than 0, got 0")) << cost.err;
  auto page = dq_test({"report", "--traces", "--page", "0"}, dir);
  EXPECT_EQ(page.exit_code, 2);
  EXPECT_TRUE(contains(page.err, "--page: must be greater than 0, got 0")) << page.err;
  auto rate = dq_test({"run", "--dry-run", "--min-pass-rate", "2"}, dir);
  EXPECT_TRUE(contains(rate.err, "--min-pass-rate: must be from 0 to 1, got 2")) << rate.err;
  for (const auto* out : {&cost.err, &page.err, &rate.err}) EXPECT_FALSE(contains(*out, "1797693")) << *out;
}

TEST(CliNewcomer, AFilterThatMatchesNothingSaysItIsAGlobAndListsTheIds) {
  testing::TempDir dir;
  auto r = dq_test({"run", "--dry-run", kScenarios, "--filter", "salary", "--store", "t.db"}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "the filter is a glob")) << r.err;
  EXPECT_TRUE(contains(r.err, "'salary*'")) << r.err;
  EXPECT_TRUE(contains(r.err, "salary-raise, supplier-contract")) << r.err;
}

TEST(CliNewcomer, OutsideTheRepositoryRunNamesTheDirectoryItLookedInAndHowToPointElsewhere) {
  testing::TempDir dir;
  auto r = dq_test({"run", "--dry-run", "--store", "t.db"}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "no such file or directory in " + dir.path().string())) << r.err;
  EXPECT_TRUE(contains(r.err, "give scenario files or directories as arguments")) << r.err;
  EXPECT_TRUE(contains(r.err, "run from the repository root")) << r.err;
  EXPECT_FALSE(contains(r.err, "validate")) << "the files are fine; the directory is wrong: " << r.err;
}

TEST(CliNewcomer, CassettesCheckOnAMissingDirectoryIsNoRecordingsNeverStaleAndQuotesNoPrice) {
  testing::TempDir dir;
  auto r = dq_test({"cassettes", "check", kScenarios}, dir);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "no recordings in " + (dir.path() / "recordings").string())) << r.err;
  EXPECT_FALSE(contains(r.out + r.err, "STALE")) << r.out;
  EXPECT_FALSE(contains(r.out + r.err, "$")) << r.out;
}

// A scenario whose counterpart model is misspelled (claude-sonet-4-6).
std::string misspelled_model() {
  std::string yaml = testing::read_file(kScenarios + "/salary-raise.yaml");
  const std::string model = "model: claude-sonnet-4-6";
  yaml.replace(yaml.find(model), model.size(), "model: claude-sonet-4-6");
  return yaml;
}

TEST(CliNewcomer, AnUnknownModelIsNamedByValidateAndStopsEstimateWithADidYouMean) {
  testing::TempDir dir;
  dir.write("s/salary-raise.yaml", misspelled_model());
  const std::string message =
      "[cost.unknown_model] s/salary-raise.yaml:16:45: model 'claude-sonet-4-6' (provider anthropic) is not "
      "in "
      "the built-in price table";
  auto validate = dq_test({"validate", "s"}, dir);
  EXPECT_EQ(validate.exit_code, 2) << validate.out << validate.err;
  EXPECT_TRUE(contains(validate.err, message)) << validate.err;
  EXPECT_TRUE(contains(validate.err, "(did you mean 'claude-sonnet-4-6'?)")) << validate.err;
  EXPECT_FALSE(contains(validate.out, "ok   s/salary-raise.yaml")) << validate.out;
  auto estimate = dq_test({"estimate", "s"}, dir);
  EXPECT_EQ(estimate.exit_code, 2) << estimate.out << estimate.err;
  EXPECT_TRUE(contains(estimate.err, message)) << estimate.err;
  auto run = dq_test({"run", "--dry-run", "s", "--store", "t.db"}, dir);
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  for (const auto* out : {&validate, &estimate, &run})
    EXPECT_FALSE(contains(out->out + out->err, "counted as $0")) << out->out << out->err;
}

TEST(CliNewcomer, APriceFileThatLacksAModelSaysWhichPricesCameFromWhere) {
  testing::TempDir dir;
  dir.write("mine.json", R"({"format_version": 1, "as_of": "2026-11-01", "source": "test", "models": [
    {"provider": "anthropic", "model": "claude-sonnet-4-6", "input_per_mtok": 3, "output_per_mtok": 15,
     "cache_write_5m_per_mtok": 3.75, "cache_write_1h_per_mtok": 6, "cache_read_per_mtok": 0.3}]})");
  auto r = dq_test({"estimate", kScenarios + "/salary-raise.yaml", "--prices", "mine.json"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "prices: 1 model from mine.json, 1 model from the built-in table dated "))
      << r.out;
  EXPECT_TRUE(contains(r.out, "(anthropic/claude-haiku-4-5)")) << r.out;
  auto builtin = dq_test({"estimate", kScenarios + "/salary-raise.yaml"}, dir);
  EXPECT_TRUE(contains(builtin.out, "prices: the built-in table dated ")) << builtin.out;
}

TEST(CliNewcomer, ADryRunShowsOneCostLineAndReplayTheWholeTable) {
  testing::TempDir dir;
  auto dry = dq_test({"run", "--dry-run", kScenarios, "--store", "t.db"}, dir);
  EXPECT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_TRUE(contains(dry.out, "a live run would cost about $")) << dry.out;
  EXPECT_FALSE(contains(dry.out, "cost estimate (")) << dry.out;
  auto replay =
      dq_test({"run", "--replay", kScenarios, "--cassette-dir", kRecordings, "--store", "t.db"}, dir);
  EXPECT_TRUE(contains(replay.out, "cost estimate (")) << replay.out;
  EXPECT_TRUE(contains(replay.out, "prices: the built-in table dated ")) << replay.out;
}

}  // namespace
}  // namespace dq::e2e
