#include "bot/query/run_compare.hpp"

#include <gtest/gtest.h>

namespace dq::query {
namespace {

RunReport report(const std::string& id, std::int64_t turn_us, std::int64_t step_us, double cost,
                 const std::string& check_status) {
  RunReport r;
  r.run.run_id = id;
  r.run.mode = "replay";
  r.scenarios = {{"deal", "deal.yaml", "passed", 2, 0, "", 1}};
  r.checks = {{"deal", 1, "contains", check_status, check_status == "fail" ? "missing 'price'" : "", 1}};
  r.turn_latencies = {{"deal", turn_us}, {"deal", turn_us}};
  r.samples = {{"llm.counterpart", step_us, false, "m", 100, 20, cost, "deal"},
               {"ctx.load", 50, false, "", 0, 0, 0, "deal"}};
  return r;
}

TEST(RunCompare, IdenticalRunsPassAndMicrosecondNoiseNeverCounts) {
  const auto c = compare_runs(report("a", 200, 150, 0.01, "pass"), report("b", 300, 260, 0.01, "pass"), {});
  EXPECT_FALSE(c.gate_failed()) << "+50% of 200 µs is under the 50 ms floor";
  ASSERT_EQ(c.scenarios.size(), 1u);
  EXPECT_TRUE(c.scenarios[0].newly_failing.empty());
}

TEST(RunCompare, ASlowerStepCrossesTheLatencyThresholdAndIsNamed) {
  const auto c = compare_runs(report("a", 100'000, 50'000, 0.01, "pass"),
                              report("b", 300'000, 250'000, 0.01, "pass"), {});
  EXPECT_TRUE(c.gate_failed());
  EXPECT_EQ(c.crossed, 2) << "turn p95 and llm.counterpart p95";
  bool named = false;
  for (const auto& d : c.scenarios[0].deltas)
    if (d.what == "llm.counterpart p95") {
      named = d.crossed;
      EXPECT_DOUBLE_EQ(d.change_pct(), 400);
    }
  EXPECT_TRUE(named);
  CompareThresholds loose;
  loose.max_latency_increase_pct = 500;
  EXPECT_FALSE(compare_runs(report("a", 100'000, 50'000, 0.01, "pass"),
                            report("b", 300'000, 250'000, 0.01, "pass"), loose)
                   .gate_failed());
}

TEST(RunCompare, ANewlyFailingCheckFailsUnlessToldOtherwiseAndANewlyPassingOneIsListed) {
  const auto worse = compare_runs(report("a", 100, 50, 0.01, "pass"), report("b", 100, 50, 0.01, "fail"), {});
  EXPECT_TRUE(worse.gate_failed());
  ASSERT_EQ(worse.scenarios[0].newly_failing.size(), 1u);
  EXPECT_EQ(worse.scenarios[0].newly_failing[0].detail, "missing 'price'");
  CompareThresholds report_only;
  report_only.fail_on_new_failures = false;
  EXPECT_FALSE(
      compare_runs(report("a", 100, 50, 0.01, "pass"), report("b", 100, 50, 0.01, "fail"), report_only)
          .gate_failed());
  const auto better =
      compare_runs(report("a", 100, 50, 0.01, "fail"), report("b", 100, 50, 0.01, "pass"), {});
  EXPECT_FALSE(better.gate_failed());
  EXPECT_EQ(better.scenarios[0].newly_passing.size(), 1u);
}

TEST(RunCompare, ACostlierScenarioCrossesTheCostThreshold) {
  EXPECT_TRUE(compare_runs(report("a", 100, 50, 0.010, "pass"), report("b", 100, 50, 0.012, "pass"), {})
                  .gate_failed());
  EXPECT_FALSE(compare_runs(report("a", 100, 50, 0.010, "pass"), report("b", 100, 50, 0.0105, "pass"), {})
                   .gate_failed());
}

TEST(RunCompare, ScenariosInOneRunOnlyAreLeftOutAndNamed) {
  RunReport base = report("a", 100, 50, 0.01, "pass");
  base.scenarios.push_back({"other", "other.yaml", "passed", 1, 0, "", 1});
  const auto c = compare_runs(base, report("b", 100, 50, 0.01, "pass"), {});
  EXPECT_EQ(c.only_in_base, std::vector<std::string>{"other"});
  EXPECT_EQ(c.scenarios.size(), 1u);
}

}  // namespace
}  // namespace dq::query
