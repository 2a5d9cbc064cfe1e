// `run --live` against the fake LLM server on 127.0.0.1: money is spent only after a typed (or flagged)
// confirmation, never under CI, never past the budget cap; the fake's request counter proves it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "bot/store/sqlite_store.hpp"
#include "tests/e2e/e2e_support.hpp"
#include "tests/support/fake_llm_server.hpp"

namespace dq::e2e {
namespace {

constexpr const char* kSecret = "sk-ant-api03-SECRETSECRETSECRETSECRET0123456789";

struct CliLive : ::testing::Test {
  CliLive() { fake.start(); }
  std::map<std::string, std::string> env(bool ci = false) {
    std::map<std::string, std::string> e{{"ANTHROPIC_API_KEY", kSecret},
                                         {"OPENROUTER_API_KEY", "sk-or-v1-secretsecretsecretsecret"},
                                         {"ANTHROPIC_BASE_URL", fake.base_url()},
                                         {"OPENROUTER_BASE_URL", fake.base_url()},
                                         {"NO_COLOR", "1"}};
    // ctest may itself run under CI=true: set it explicitly either way.
    e["CI"] = ci ? "true" : "";
    return e;
  }
  testing::ProcessResult live(std::vector<std::string> extra, bool ci = false) {
    std::vector<std::string> args{"run", "--live", kScenarios, "--store", "t.db"};
    args.insert(args.end(), extra.begin(), extra.end());
    return dq_test(args, dir, env(ci));
  }
  std::string worst_case(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"estimate", kScenarios};
    args.insert(args.end(), extra.begin(), extra.end());
    auto e = dq_test(args, dir);
    auto at = e.out.find("worst case $");
    return e.out.substr(at + 12, e.out.find('\n', at) - at - 12);
  }

  testing::TempDir dir;
  testing::FakeLlmServer fake;
};

TEST_F(CliLive, WithoutATerminalOrConfirmCostItRefusesAndSendsNothing) {
  auto r = live({});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "[cost.no_tty]")) << r.err;
  EXPECT_TRUE(contains(r.out, "cost estimate")) << "the estimate is shown first";
  EXPECT_EQ(fake.request_count(), 0);
}

TEST_F(CliLive, UnderCiItRefusesOutrightEvenWithTheRightAmount) {
  auto r = live({"--confirm-cost", worst_case()}, /*ci=*/true);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "[cost.refused_ci]")) << r.err;
  EXPECT_EQ(fake.request_count(), 0);
}

TEST_F(CliLive, AWrongConfirmCostSendsNothing) {
  auto r = live({"--confirm-cost", "0.01"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "[cost.confirm_mismatch]")) << r.err;
  EXPECT_EQ(fake.request_count(), 0);
}

TEST_F(CliLive, AWrongAmountTypedAtTheTerminalSendsNothing) {
  auto e = env();
  auto r = testing::run_with_terminal({kBin, "run", "--live", kScenarios, "--store", "t.db"},
                                      "anything else aborts", "0.01", {dir.path().string(), e});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_TRUE(contains(r.out, "[cost.not_confirmed]")) << r.out;
  EXPECT_EQ(fake.request_count(), 0);
}

TEST_F(CliLive, TheRightAmountTypedAtTheTerminalRunsTheScenarios) {
  const std::string amount = worst_case();
  auto r = testing::run_with_terminal({kBin, "run", "--live", kScenarios, "--store", "t.db"},
                                      "anything else aborts", amount, {dir.path().string(), env()});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_GT(fake.request_count(), 20);
  EXPECT_FALSE(contains(r.out, "\033[K")) << "NO_COLOR: no status line redrawn in place";
}

TEST_F(CliLive, OnATerminalOneStatusLineIsRedrawnInPlaceWithSpendAgainstTheCap) {
  fake.set_latency(std::chrono::milliseconds(150));  // long enough for the line to be redrawn mid-run
  const std::string amount = worst_case({"--filter", "salary-raise"});
  auto e = env();
  e["NO_COLOR"] = "";  // empty counts as unset (no-color.org)
  e["TERM"] = "xterm";
  auto r = testing::run_with_terminal(
      {kBin, "run", "--live", kScenarios, "--filter", "salary-raise", "--store", "t.db"},
      "anything else aborts", amount, {dir.path().string(), e});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "\r\033[K0/1 scenarios · 0 passed · 0 failed · ")) << r.out;
  EXPECT_TRUE(contains(r.out, " of $" + amount + " cap · ")) << "the approved amount is the cap: " << r.out;
  EXPECT_TRUE(contains(r.out, "\r\033[K1/1 scenarios · 1 passed · 0 failed · ")) << r.out;
  // The finished scenario's line scrolls above the status line, which is cleared before the summary.
  EXPECT_TRUE(contains(r.out, "\r\033[K\033[32mPASS")) << r.out;
  EXPECT_TRUE(contains(r.out, "\r\033[K\r\n\033[1m1 scenario")) << r.out;

  e["TERM"] = "dumb";
  auto dumb = testing::run_with_terminal(
      {kBin, "run", "--live", kScenarios, "--filter", "salary-raise", "--store", "t.db"},
      "anything else aborts", amount, {dir.path().string(), e});
  EXPECT_EQ(dumb.exit_code, 0) << dumb.out;
  EXPECT_FALSE(contains(dumb.out, "\033[K")) << "TERM=dumb: one line per scenario, as before";
}

TEST_F(CliLive, WithConfirmCostTheRunHappensAndTheKeyNeverReachesStoreOrOutput) {
  auto r = live({"--confirm-cost", worst_case()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "7 scenarios: 7 passed")) << r.out;
  EXPECT_GE(fake.request_count(), 29);
  EXPECT_FALSE(contains(r.out + r.err, "SECRET"));
  const std::string db = testing::read_file((dir.path() / "t.db").string()) +
                         testing::read_file((dir.path() / "t.db-wal").string());
  EXPECT_FALSE(contains(db, "SECRET")) << "the API key reached the store";
  auto requests = fake.requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_EQ(requests[0].headers["anthropic-version"], "2023-06-01");
}

TEST_F(CliLive, TheStoredEstimateAddsUpToThePrintedOneAndEstimateThenSaysHowFarOffItWas) {
  auto r = live({"--confirm-cost", worst_case()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto calls_at = r.out.find("cost estimate (");
  const auto total_at = r.out.find("total: expected $");
  ASSERT_TRUE(calls_at != std::string::npos && total_at != std::string::npos) << r.out;
  const long printed_calls = std::stol(r.out.substr(calls_at + 15));
  const double printed_expected = std::stod(r.out.substr(total_at + 17));
  {
    auto store = store::SqliteStore::open((dir.path() / "t.db").string());
    ASSERT_TRUE(store.has_value());
    auto run = (*store)->latest_run();
    ASSERT_TRUE(run.has_value() && run->has_value());
    auto rows = (*store)->estimates((*run)->run_id);
    ASSERT_TRUE(rows.has_value()) << rows.error().to_string();
    long calls = 0;
    double expected = 0;
    for (const auto& row : *rows) calls += row.planned_calls, expected += row.expected_usd;
    EXPECT_EQ(calls, printed_calls);
    EXPECT_NEAR(expected, printed_expected, 0.00005);
    std::set<std::pair<std::string, std::string>> keys;
    std::set<std::string> scenarios;
    for (const auto& row : *rows) keys.insert({row.scenario, row.role}), scenarios.insert(row.scenario);
    EXPECT_EQ(keys.size(), rows->size()) << "one row per scenario and role";
    EXPECT_EQ(scenarios.size(), 7u);
  }
  auto e = dq_test({"estimate", kScenarios, "--store", "t.db"}, dir);
  ASSERT_EQ(e.exit_code, 0) << e.err;
  EXPECT_TRUE(contains(e.out, "the last live run with an estimate: actual cost was ")) << e.out;
}

TEST_F(CliLive, TheBudgetCapStopsTheRunWithNoRequestBeyondIt) {
  auto r = live({"--confirm-cost", worst_case(), "--max-cost", "0.02", "--concurrency", "5"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "stopped by the budget cap")) << r.out;
  // Every request the fake saw is an LLM call the run recorded; none was sent past the cap.
  auto store = store::SqliteStore::open((dir.path() / "t.db").string());
  ASSERT_TRUE(store.has_value());
  auto run = (*store)->latest_run();
  ASSERT_TRUE(run.has_value() && run->has_value());
  EXPECT_EQ((*run)->status, "budget_exceeded");
  auto samples = (*store)->step_samples((*run)->run_id);
  ASSERT_TRUE(samples.has_value());
  int made = 0;
  double spent = 0;
  for (const auto& s : *samples) {
    if ((s.name == "llm.counterpart" || s.name == "llm.coach") && !s.error) ++made, spent += s.cost_usd;
  }
  EXPECT_EQ(fake.request_count(), made);
  EXPECT_LT(made, 29);
  EXPECT_LE(spent, 0.02);
  // The stop line tells what was spent in all, not the $0 settled at the moment of the refusal.
  ASSERT_GT(spent, 0);
  char spent_text[32];
  std::snprintf(spent_text, sizeof spent_text, "$%.4f spent in all", spent);
  EXPECT_TRUE(contains(r.out, spent_text)) << r.out;
  // Every scenario has a line: stopped, or listed as not started.
  for (const char* id : {"buy-small-company", "freelance-rate", "office-lease", "salary-raise",
                         "supplier-contract", "used-car-haggle", "used-car"}) {
    const bool has_line =
        contains(r.out, std::string("  ") + id + " ") || contains(r.out, id + std::string(",")) ||
        contains(r.out, std::string(", ") + id + "\n") || contains(r.out, std::string(": ") + id);
    EXPECT_TRUE(has_line) << id << "\n" << r.out;
  }
  EXPECT_TRUE(contains(r.out, "STOP ")) << r.out;
}

TEST_F(CliLive, RepeatedRunsPrintPassRatesStayWithinTheEstimateAndRecordEveryVariant) {
  const std::string haggle = kScenarios + "/used-car-haggle.yaml";
  std::vector<std::string> repeat{"--repeat", "3"};
  auto estimate = dq_test({"estimate", haggle, "--repeat", "3", "--format", "json"}, dir);
  ASSERT_EQ(estimate.exit_code, 0) << estimate.err;
  const int planned = nlohmann::json::parse(estimate.out)["calls"];
  auto r = dq_test(
      {"run", "--live", haggle, "--store", "t.db", "--repeat", "3", "--record", "all", "--cassette-dir",
       "rec", "--confirm-cost", worst_case({"--filter", "used-car-haggle", "--repeat", "3"})},
      dir, env());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "used-car-haggle          100% (3/3, 95% CI 44%-100%)")) << r.out;
  EXPECT_TRUE(contains(r.out, "used-car-haggle          12 turns: min "))
      << "4 turns x 3 repetitions: " << r.out;
  auto report = dq_test({"report", "--store", "t.db"}, dir);
  EXPECT_TRUE(contains(report.out, "used-car-haggle          100% (3/3, 95% CI 44%-100%)")) << report.out;
  EXPECT_TRUE(contains(report.out, "used-car-haggle          12 turns: min ")) << report.out;
  EXPECT_TRUE(contains(report.out, "used-car-haggle #3")) << report.out;
  EXPECT_GT(fake.request_count(), 0);
  EXPECT_LE(fake.request_count(), planned) << "the fake received no more calls than the estimate counted";
  // Replay plays variant k for repetition k: three recorded variants, three repetitions, no miss.
  auto replay =
      dq_test({"run", "--replay", haggle, "--store", "t.db", "--repeat", "3", "--cassette-dir", "rec"}, dir);
  EXPECT_EQ(replay.exit_code, 0) << replay.out << replay.err;
  auto a_fourth =
      dq_test({"run", "--replay", haggle, "--store", "t.db", "--repeat", "4", "--cassette-dir", "rec"}, dir);
  EXPECT_EQ(a_fourth.exit_code, 1) << "no fourth variant was recorded: a mismatch fails the scenario";
  EXPECT_TRUE(contains(a_fourth.out, "[cassette.no_match]")) << a_fourth.out;
}

TEST_F(CliLive, AFailingJudgeUnderMinPassRateOneFailsTheRun) {
  ASSERT_TRUE(fake.load_responses(dir.write("judge.json", R"({"responses": [
      {"agent": "judge", "text": "{\"score\": 1, \"reasoning\": \"Injected fault: Rick named his floor.\"}"}]})"))
                  .has_value());
  const std::string haggle = kScenarios + "/used-car-haggle.yaml";
  auto r = dq_test({"run", "--live", haggle, "--store", "t.db", "--repeat", "3", "--min-pass-rate", "1.0",
                    "--confirm-cost", worst_case({"--filter", "used-car-haggle", "--repeat", "3"})},
                   dir, env());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "pass rates (at least 100% required)")) << r.out;
  EXPECT_TRUE(contains(r.out, "0% (0/3, 95% CI 0%-56%)")) << r.out;
  EXPECT_TRUE(contains(r.out, "Injected fault: Rick named his floor.")) << r.out;
}

TEST_F(CliLive, ProviderFaultsAreRetriedAndTheRunStillPasses) {
  fake.inject(testing::Fault::overloaded_529);
  fake.inject(testing::Fault::rate_limit_429);
  fake.set_retry_after_seconds(0);
  auto r = live({"--confirm-cost", worst_case({"--filter", "salary-raise"}), "--filter", "salary-raise"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(fake.request_count(), 4 + 1 + 4 + 2)
      << "turns, debrief, judges (turn 3, debrief, 2 on the conversation), retries";
}

TEST_F(CliLive, AMalformedBodyIsAnErrorNamingScenarioTurnAndStepNotACrash) {
  fake.inject(testing::Fault::malformed_json);
  auto r = live({"--confirm-cost", worst_case({"--filter", "salary-raise"}), "--filter", "salary-raise"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "[llm.bad_response] salary-raise/turn 1/llm.counterpart")) << r.out;
}

TEST_F(CliLive, ASecondCtrlCEndsHungProviderCallsAtOnceAndMarksTheRunInterrupted) {
  fake.set_latency(std::chrono::seconds(60));  // a provider that hangs
  const std::string amount = worst_case({"--filter", "salary-raise"});
  auto p = testing::start_process({kBin, "run", "--live", kScenarios, "--filter", "salary-raise", "--store",
                                   "t.db", "--confirm-cost", amount},
                                  dir.path().string(), {dir.path().string(), env()});
  ASSERT_TRUE(wait_until([&] { return fake.request_count() >= 1; })) << testing::read_file(p.err_path);
  const auto signalled = std::chrono::steady_clock::now();
  kill(p.pid, SIGINT);  // the first stops new work and waits for the call in flight...
  ASSERT_TRUE(wait_until([&] { return contains(testing::read_file(p.err_path), "Ctrl-C again"); }));
  kill(p.pid, SIGINT);  // ...the second ends it
  auto r = testing::wait_process(p);
  const auto took = std::chrono::steady_clock::now() - signalled;
  EXPECT_EQ(r.exit_code, 130) << r.out << r.err;
  EXPECT_LT(took, std::chrono::seconds(30)) << "it did not wait for the hung call";
  auto stored = latest_stored_run(dir.path() / "t.db");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->run.status, "interrupted");
  EXPECT_EQ(stored->steps["pipeline.turn"], 1) << "the cancelled turn's trace was drained";
  EXPECT_EQ(fake.request_count(), 1) << "nothing was retried or started after the signals";
}

TEST_F(CliLive, BaseUrlsCopiedWithV1FromTheProvidersDocsWork) {
  auto e = env();
  e["ANTHROPIC_BASE_URL"] = fake.base_url() + "/v1";
  e["OPENROUTER_BASE_URL"] =
      fake.base_url() + "/v1/";  // as OpenRouter's docs write it: https://openrouter.ai/api/v1
  const std::string used_car =
      kScenarios + "/used-car.yaml";  // counterpart on openrouter, coach on anthropic
  auto r = dq_test(
      {"run", "--live", used_car, "--store", "t.db", "--confirm-cost", worst_case({"--filter", "used-car"})},
      dir, e);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(contains(r.out + r.err, "/v1/v1/")) << r.out << r.err;
  EXPECT_GT(fake.request_count(), 0);
}

TEST_F(CliLive, AnUnknownModelIsAnErrorInLiveModeNeverPricedAtZero) {
  std::string yaml = kFailingScenario;
  yaml.replace(yaml.find("claude-sonnet-4-6"), 17, "claude-imaginary-9");
  dir.write("unknown.yaml", yaml);
  auto r =
      dq_test({"run", "--live", "unknown.yaml", "--store", "t.db", "--confirm-cost", "1.00"}, dir, env());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "[cost.unknown_model] unknown.yaml:")) << r.err;
  EXPECT_TRUE(contains(r.err, "model 'claude-imaginary-9' (provider anthropic) is not in")) << r.err;
  EXPECT_EQ(fake.request_count(), 0);
}

}  // namespace
}  // namespace dq::e2e
