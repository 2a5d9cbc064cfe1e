#include "bot/query/run_report.hpp"

#include <gtest/gtest.h>

#include <map>

namespace dq::query {
namespace {

// An in-memory TraceReader: runs in the order given (the last one is the latest), samples per run.
class FakeTraceReader final : public TraceReader {
 public:
  std::string location() const override { return "fake.db"; }
  core::Result<std::optional<RunRow>> latest_run() override {
    if (failing) return core::fail("store.io", "fake.db", "disk gone");
    if (run_rows.empty()) return std::nullopt;
    return run_rows.back();
  }
  core::Result<std::optional<RunRow>> find_run(std::string_view run_id) override {
    if (failing) return core::fail("store.io", "fake.db", "disk gone");
    for (const auto& r : run_rows)
      if (r.run_id == run_id) return r;
    return std::nullopt;
  }
  core::Result<std::vector<RunListRow>> runs(int limit, std::string_view mode) override {
    std::vector<RunListRow> out;
    for (auto r = run_rows.rbegin(); r != run_rows.rend() && static_cast<int>(out.size()) < limit; ++r)
      if (mode.empty() || r->mode == mode) out.push_back({*r, 0, 0});
    return out;
  }
  core::Result<std::vector<ScenarioRow>> scenarios(std::string_view run_id) override {
    return scenario_rows[std::string(run_id)];
  }
  core::Result<std::vector<CheckRow>> checks(std::string_view run_id) override {
    return check_rows[std::string(run_id)];
  }
  core::Result<std::vector<TranscriptRow>> transcript(std::string_view run_id) override {
    return transcript_rows[std::string(run_id)];
  }
  core::Result<std::vector<TurnLatencyRow>> turn_latencies(std::string_view) override {
    return std::vector<TurnLatencyRow>{};
  }
  core::Result<std::vector<StepSample>> step_samples(std::string_view run_id) override {
    if (samples_fail) return core::fail("store.locked", "fake.db", "busy");
    return samples[std::string(run_id)];
  }
  core::Result<std::vector<EstimateRow>> estimates(std::string_view run_id) override {
    return estimate_rows[std::string(run_id)];
  }
  // Traces are not part of a run report.
  core::Result<std::vector<TraceRow>> run_traces(std::string_view) override {
    return std::vector<TraceRow>{};
  }
  core::Result<std::int64_t> trace_count() override { return 0; }
  core::Result<std::vector<TraceRow>> newest_traces(std::int64_t, int) override {
    return std::vector<TraceRow>{};
  }
  core::Result<std::optional<TraceRow>> find_trace(std::string_view) override {
    return std::optional<TraceRow>();
  }
  core::Result<std::vector<SpanRow>> trace_spans(std::string_view) override { return std::vector<SpanRow>{}; }
  core::Result<std::vector<StepSample>> step_samples_since(std::int64_t) override {
    return std::vector<StepSample>{};
  }
  core::Result<TraceCounts> trace_counts_since(std::int64_t) override { return TraceCounts{}; }
  core::Result<std::vector<TraceRow>> export_traces_since(std::int64_t, int) override {
    return std::vector<TraceRow>{};
  }

  std::vector<RunRow> run_rows;
  std::map<std::string, std::vector<ScenarioRow>> scenario_rows;
  std::map<std::string, std::vector<CheckRow>> check_rows;
  std::map<std::string, std::vector<TranscriptRow>> transcript_rows;
  std::map<std::string, std::vector<StepSample>> samples;
  std::map<std::string, std::vector<EstimateRow>> estimate_rows;
  bool failing = false;
  bool samples_fail = false;
};

StepSample step(std::string name, std::int64_t us, bool error = false) {
  StepSample s;
  s.name = std::move(name);
  s.duration_us = us;
  s.error = error;
  return s;
}

StepSample llm(std::string name, std::int64_t us, std::int64_t in, std::int64_t out, double cost) {
  StepSample s = step(std::move(name), us);
  s.model = "dry-run";
  s.input_tokens = in;
  s.output_tokens = out;
  s.cost_usd = cost;
  return s;
}

RunRow run_named(std::string id, std::int64_t started_ms) {
  RunRow r;
  r.run_id = std::move(id);
  r.mode = "dry-run";
  r.status = "passed";
  r.started_ms = started_ms;
  return r;
}

const std::vector<std::string> kOrder{"pipeline.turn", "ctx.load", "llm.counterpart", "tg.reply",
                                      "pipeline.debrief"};

std::vector<std::string> names_of(const std::vector<StepStats>& steps) {
  std::vector<std::string> names;
  for (const auto& s : steps) names.push_back(s.name);
  return names;
}

class RunReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    reader.run_rows = {run_named("r1", 1000), run_named("r2", 2000)};
    reader.scenario_rows["r2"] = {{"haggle", "scenarios/haggle.yaml", "passed", 2, 1500, ""}};
    reader.check_rows["r2"] = {{"haggle", 1, "contains", "pass", ""},
                               {"haggle", 2, "faithful", "fail", "12,000"}};
    reader.samples["r1"] = {step("pipeline.turn", 1)};
    reader.samples["r2"] = {
        step("zeta.custom", 5),
        step("pipeline.turn", 100),
        step("pipeline.turn", 300),
        step("pipeline.turn", 200, true),
        step("ctx.load", 10),
        llm("llm.counterpart", 50, 100, 20, 0.01),
        llm("llm.counterpart", 70, 200, 30, 0.02),
        step("alpha.custom", 1),
        step("pipeline.debrief", 400),
        llm("llm.coach", 90, 300, 50, 0.04),
    };
  }
  FakeTraceReader reader;
};

TEST_F(RunReportTest, WithoutARunIdTheLatestRunIsReported) {
  auto report = build_run_report(reader, "", kOrder);
  ASSERT_TRUE(report.has_value()) << report.error().to_string();
  EXPECT_EQ(report->run.run_id, "r2");
  ASSERT_EQ(report->scenarios.size(), 1u);
  EXPECT_EQ(report->scenarios[0].file, "scenarios/haggle.yaml");
  ASSERT_EQ(report->checks.size(), 2u);
  EXPECT_EQ(report->checks[1].detail, "12,000");
}

TEST_F(RunReportTest, AGivenRunIdIsReportedEvenWhenNotTheLatest) {
  auto report = build_run_report(reader, "r1", kOrder);
  ASSERT_TRUE(report.has_value()) << report.error().to_string();
  EXPECT_EQ(report->run.run_id, "r1");
  ASSERT_EQ(report->steps.size(), 1u);
  EXPECT_EQ(report->steps[0].count, 1);
}

TEST_F(RunReportTest, StepsFollowTheStepOrderThenTheRestAlphabetically) {
  auto report = build_run_report(reader, "r2", kOrder);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(names_of(report->steps),
            (std::vector<std::string>{"pipeline.turn", "ctx.load", "llm.counterpart", "pipeline.debrief",
                                      "alpha.custom", "llm.coach", "zeta.custom"}));
}

TEST_F(RunReportTest, WithoutAStepOrderStepsAreAlphabetical) {
  auto report = build_run_report(reader, "r2");
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(names_of(report->steps),
            (std::vector<std::string>{"alpha.custom", "ctx.load", "llm.coach", "llm.counterpart",
                                      "pipeline.debrief", "pipeline.turn", "zeta.custom"}));
}

TEST_F(RunReportTest, RootSpansAreStepsWithCountsErrorsAndPercentiles) {
  auto report = build_run_report(reader, "r2", kOrder);
  ASSERT_TRUE(report.has_value());
  const StepStats& turn = report->steps[0];
  EXPECT_EQ(turn.name, "pipeline.turn");
  EXPECT_EQ(turn.count, 3);
  EXPECT_EQ(turn.errors, 1);
  EXPECT_EQ(turn.p50_us, 200);
  EXPECT_EQ(turn.p95_us, 300);
  EXPECT_EQ(turn.p99_us, 300);
  EXPECT_EQ(turn.input_tokens, 0);
}

TEST_F(RunReportTest, TokensAndCostAreSummedPerStepAndOverTheLlmSpans) {
  auto report = build_run_report(reader, "r2", kOrder);
  ASSERT_TRUE(report.has_value());
  const StepStats& counterpart = report->steps[2];
  EXPECT_EQ(counterpart.name, "llm.counterpart");
  EXPECT_EQ(counterpart.count, 2);
  EXPECT_EQ(counterpart.input_tokens, 300);
  EXPECT_EQ(counterpart.output_tokens, 50);
  EXPECT_DOUBLE_EQ(counterpart.cost_usd, 0.03);
  EXPECT_EQ(counterpart.p50_us, 50);
  EXPECT_EQ(report->input_tokens, 600);
  EXPECT_EQ(report->output_tokens, 100);
  EXPECT_DOUBLE_EQ(report->cost_usd, 0.07);
}

TEST_F(RunReportTest, UsageOnASpanWithoutAModelIsNotCountedInTheTotals) {
  StepSample root = step("pipeline.turn", 10);
  root.input_tokens = 1000;  // e.g. a root that sums its children's usage
  reader.samples["r2"].push_back(root);
  auto report = build_run_report(reader, "r2", kOrder);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->input_tokens, 600);
}

TEST_F(RunReportTest, AnEmptyStoreIsReportNoRunsAndSaysWhatToRun) {
  reader.run_rows.clear();
  auto report = build_run_report(reader, "", kOrder);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, "report.no_runs");
  EXPECT_NE(report.error().message.find("fake.db"), std::string::npos) << report.error().message;
  EXPECT_NE(report.error().message.find("dealquest-test run --dry-run"), std::string::npos);
}

TEST_F(RunReportTest, AnUnknownRunIdIsReportUnknownRun) {
  auto report = build_run_report(reader, "nope", kOrder);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, "report.unknown_run");
  EXPECT_NE(report.error().message.find("'nope'"), std::string::npos);
}

TEST_F(RunReportTest, TheReadersErrorsArePassedOnUnchanged) {
  reader.failing = true;
  auto report = build_run_report(reader, "", kOrder);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, "store.io");

  reader.failing = false;
  reader.samples_fail = true;
  report = build_run_report(reader, "r2", kOrder);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, "store.locked");
}

TEST_F(RunReportTest, ARunWithoutSpansHasNoStepsAndZeroTotals) {
  reader.run_rows.push_back(run_named("r3", 3000));
  auto report = build_run_report(reader, "", kOrder);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->run.run_id, "r3");
  EXPECT_TRUE(report->steps.empty());
  EXPECT_EQ(report->input_tokens, 0);
  EXPECT_DOUBLE_EQ(report->cost_usd, 0.0);
}

EstimateRow planned(std::string scenario, std::string role, std::int64_t calls, double expected) {
  EstimateRow r;
  r.scenario = std::move(scenario);
  r.role = std::move(role);
  r.planned_calls = calls;
  r.expected_usd = expected;
  r.worst_usd = expected * 10;
  return r;
}

TEST_F(RunReportTest, TheStoredEstimateGetsTheActualsOfItsScenariosLlmSpans) {
  reader.estimate_rows["r2"] = {planned("haggle", "counterpart", 3, 0.02),
                                planned("haggle", "coach", 1, 0.05)};
  for (auto& s : reader.samples["r2"]) s.scenario = "haggle";
  auto report = build_run_report(reader, "r2", kOrder);
  ASSERT_TRUE(report.has_value()) << report.error().to_string();
  ASSERT_EQ(report->estimates.size(), 2u);
  const EstimateRow& counterpart = report->estimates[0];
  EXPECT_EQ(counterpart.role, "counterpart");
  EXPECT_EQ(counterpart.planned_calls, 3);
  EXPECT_EQ(counterpart.calls, 2);
  EXPECT_EQ(counterpart.input_tokens, 300);
  EXPECT_EQ(counterpart.output_tokens, 50);
  EXPECT_DOUBLE_EQ(counterpart.cost_usd, 0.03);
  EXPECT_DOUBLE_EQ(counterpart.expected_usd, 0.02);
  EXPECT_EQ(report->estimates[1].role, "coach");
  EXPECT_EQ(report->estimates[1].calls, 1);
  EXPECT_DOUBLE_EQ(report->estimates[1].cost_usd, 0.04);
}

TEST_F(RunReportTest, ARunThatStoredNoEstimateHasNoEstimateRowsWhateverItsSpans) {
  auto report = build_run_report(reader, "r2", kOrder);
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->estimates.empty());
}

}  // namespace
}  // namespace dq::query
