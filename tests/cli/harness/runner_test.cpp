#include "cli/harness/runner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>

#include "bot/pipeline/dry_run_llm.hpp"
#include "bot/scenario_deal/scenario_deal.hpp"
#include "bot/trace/tracer.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/recording_span_sink.hpp"
#include "tests/support/scripted_llm_client.hpp"

namespace dq::harness {
namespace {

scenario::Scenario make_scenario(std::string id, int turns) {
  scenario::Scenario s;
  s.id = std::move(id);
  s.title = "T";
  s.where.file = s.id + ".yaml";
  s.persona = {"Pat", "seller", "", ""};
  s.facts = {"Price: $1,000 for the bike"};
  s.agents["counterpart"] = {"anthropic", "m", 300, std::nullopt, std::nullopt};
  s.agents["coach"] = {"anthropic", "m", 600, std::nullopt, std::nullopt};
  for (int i = 0; i < turns; ++i) {
    scenario::Turn t;
    t.user = "What is the price?";
    t.expect.contains = {"1,000"};
    s.turns.push_back(t);
  }
  s.debrief = scenario::Debrief{};
  s.debrief->expect.json_shape = {{"score", "integer", 0, 10, std::nullopt, true}};
  return s;
}

struct RunnerTest : ::testing::Test {
  testing::FakeClock clock;
  testing::RecordingSpanSink sink;
  trace::Tracer tracer{clock, sink};
  RunnerDeps deps{clock, &tracer, [](const scenario::Scenario& s) -> std::unique_ptr<llm::LlmClient> {
                    return std::make_unique<pipeline::DryRunLlmClient>(to_dry_run_script(s));
                  }};
  static RunOptions run_options() {
    RunOptions o;
    o.run_id = "run-7";
    o.concurrency = 3;
    o.handle_signals = false;
    return o;
  }
  RunOptions options = run_options();
  boost::asio::io_context io;
};

TEST_F(RunnerTest, RunsEveryScenarioConcurrentlyAndReportsInInputOrder) {
  std::vector<scenario::Scenario> list;
  for (int i = 0; i < 7; ++i) list.push_back(make_scenario("s" + std::to_string(i), 2));
  std::vector<std::string> done;
  auto out = run_scenarios(io, list, options, deps,
                           [&](const ScenarioOutcome& s) { done.push_back(s.row.scenario); });
  ASSERT_EQ(out.scenarios.size(), 7u);
  EXPECT_EQ(done.size(), 7u);
  for (int i = 0; i < 7; ++i) {
    const auto& s = out.scenarios[i];
    EXPECT_EQ(s.row.scenario, "s" + std::to_string(i));
    EXPECT_EQ(s.row.status, "passed") << s.row.error;
    EXPECT_EQ(s.row.turns, 2);
    EXPECT_EQ(s.llm_calls, 3);
  }
  // 7 scenarios x (2 turns x 6 spans + debrief 5 spans).
  EXPECT_EQ(sink.spans.size(), 7u * (2 * 6 + 5));
  int roots = 0;
  for (const auto& span : sink.spans) {
    if (!span.is_root()) continue;
    ++roots;
    EXPECT_EQ(span.trace.run_id, "run-7");
    EXPECT_EQ(span.trace.chat_id, "run-7/" + span.trace.scenario);
  }
  EXPECT_EQ(roots, 21);
}

TEST_F(RunnerTest, AFailedCheckFailsTheScenarioButTheOthersStillRun) {
  auto bad = make_scenario("bad", 2);
  bad.turns[1].mock_reply = "No idea.";
  auto out = run_scenarios(io, {bad, make_scenario("good", 1)}, options, deps);
  EXPECT_EQ(out.scenarios[0].row.status, "failed");
  EXPECT_EQ(out.scenarios[1].row.status, "passed");
  EXPECT_TRUE(any_failed(out.scenarios[0].checks));
}

TEST_F(RunnerTest, AnLlmErrorMakesTheScenarioAnErrorNamingTheTurn) {
  RunnerDeps failing{clock, &tracer, [](const scenario::Scenario&) -> std::unique_ptr<llm::LlmClient> {
                       auto llm = std::make_unique<testing::ScriptedLlmClient>();
                       llm->reply("Price: $1,000 for the bike");
                       llm->fail({"llm.http_500", "", "server error"});
                       return llm;
                     }};
  auto out = run_scenarios(io, {make_scenario("s", 3)}, options, failing);
  const auto& s = out.scenarios[0];
  EXPECT_EQ(s.row.status, "error");
  EXPECT_EQ(s.row.turns, 2);
  ASSERT_FALSE(s.checks.empty());
  EXPECT_EQ(s.checks.back().check, "pipeline");
  EXPECT_EQ(s.checks.back().turn, 2);
  EXPECT_EQ(s.row.error, "[llm.http_500] s/turn 2/llm.counterpart: server error");
}

scenario::Scenario simulated(std::string id, int max_turns) {
  auto s = make_scenario(std::move(id), 0);
  s.simulated_user = scenario::SimulatedUser{"buy the bike for $800", "", "", max_turns, {}, {}};
  return s;
}

int count_spans(const testing::RecordingSpanSink& sink, std::string_view name) {
  return static_cast<int>(
      std::count_if(sink.spans.begin(), sink.spans.end(), [&](const auto& sp) { return sp.name == name; }));
}

TEST_F(RunnerTest, TheDryRunTraineeAsksAnchorsConcedesAndEndsWithADeal) {
  auto out = run_scenarios(io, {simulated("sim", 10)}, options, deps);
  const auto& s = out.scenarios[0];
  EXPECT_EQ(s.row.status, "passed") << s.row.error;
  EXPECT_EQ(s.row.turns, 4);
  EXPECT_EQ(s.llm_calls, 4 + 4 + 1);  // trainee and counterpart each turn, then the coach
  EXPECT_EQ(count_spans(sink, "llm.trainee"), 4);
  ASSERT_EQ(s.transcript.size(), 4u);
  EXPECT_EQ(s.transcript[1].user, "I propose $600.");  // 2 x 800 - 1,000
  EXPECT_EQ(s.transcript[2].user, "I could move to $700, no further.");
  EXPECT_EQ(s.transcript[3].user, "My final number is $800. Do we have a deal?");
  EXPECT_FALSE(s.transcript[3].reply.empty());
  // Every turn is checked for faithfulness, although no turn was scripted.
  EXPECT_EQ(
      std::count_if(s.checks.begin(), s.checks.end(), [](const auto& c) { return c.check == "faithful"; }),
      4);
}

TEST_F(RunnerTest, MaxTurnsIsAHardCap) {
  auto out = run_scenarios(io, {simulated("sim", 2)}, options, deps);
  EXPECT_EQ(out.scenarios[0].row.turns, 2);
  EXPECT_EQ(count_spans(sink, "llm.trainee"), 2);
}

TEST_F(RunnerTest, ExpectEachTurnAppliesToEveryReplyScriptedOrSimulated) {
  auto s = simulated("sim", 2);
  s.turns = make_scenario("x", 1).turns;
  s.expect_each_turn = scenario::TurnExpect{};
  s.expect_each_turn->not_contains = {"bike"};  // every dry-run reply quotes the only fact
  auto out = run_scenarios(io, {s}, options, deps);
  const auto& o = out.scenarios[0];
  EXPECT_EQ(o.row.status, "failed");
  EXPECT_EQ(o.row.turns, 3);
  EXPECT_EQ(std::count_if(o.checks.begin(), o.checks.end(),
                          [](const auto& c) { return c.check == "not_contains" && c.status == "fail"; }),
            3);
  EXPECT_EQ(
      std::count_if(o.checks.begin(), o.checks.end(), [](const auto& c) { return c.check == "contains"; }),
      1);  // the scripted turn keeps its own expectations
}

TEST_F(RunnerTest, ATraineeWhoseOutputNeverParsesIsAskedOnceMoreThenFailsTheScenario) {
  RunnerDeps bad{clock, &tracer, [&](const scenario::Scenario&) -> std::unique_ptr<llm::LlmClient> {
                   auto llm = std::make_unique<testing::ScriptedLlmClient>();
                   llm->reply("Sure! I would offer 700.");
                   llm->reply("{\"msg\": \"700\"}");
                   return llm;
                 }};
  auto out = run_scenarios(io, {simulated("sim", 5)}, options, bad);
  const auto& s = out.scenarios[0];
  EXPECT_EQ(s.row.status, "failed") << "the model misbehaved; nothing in the infrastructure broke";
  ASSERT_TRUE(s.error.has_value());
  EXPECT_EQ(s.error->code, "trainee.bad_output");
  EXPECT_NE(s.row.error.find("sim/turn 1/llm.trainee"), std::string::npos) << s.row.error;
  EXPECT_NE(s.row.error.find("{\"msg\": \"700\"}"), std::string::npos) << s.row.error;
  EXPECT_EQ(count_spans(sink, "llm.trainee"), 2);  // no third try
  EXPECT_EQ(s.llm_calls, 2) << "both answers were paid for, although neither parsed";
  EXPECT_EQ(count_spans(sink, "llm.counterpart"), 0);
}

TEST_F(RunnerTest, ATraineeThatEndsWithNothingToSayEndsTheConversationWithoutACounterpartCall) {
  RunnerDeps quiet{clock, &tracer, [&](const scenario::Scenario&) -> std::unique_ptr<llm::LlmClient> {
                     auto llm = std::make_unique<testing::ScriptedLlmClient>();
                     llm->reply(R"({"message": "Hello, what is the price?", "status": "continue"})");
                     llm->reply("It is $1,000.");
                     llm->reply(R"({"message": "", "status": "walked_away"})");
                     llm->reply(R"({"score": 5})");
                     return llm;
                   }};
  auto out = run_scenarios(io, {simulated("sim", 5)}, options, quiet);
  const auto& s = out.scenarios[0];
  EXPECT_EQ(s.row.status, "passed") << s.row.error;
  EXPECT_EQ(s.row.turns, 1);
  EXPECT_EQ(s.llm_calls, 4);
}

TEST_F(RunnerTest, InDryRunAJudgeWithAMockVerdictDecidesAndOneWithoutIsNotEvaluated) {
  auto s = make_scenario("j", 1);
  s.turns[0].expect.judge = scenario::JudgeSpec{"stays in character", 7, 10, 1, 3, {}};
  s.conversation_judge.push_back(scenario::JudgeSpec{"never leaks", 7, 10, 1, std::nullopt, {}});
  auto out = run_scenarios(io, {s}, options, deps);
  const auto& o = out.scenarios[0];
  EXPECT_EQ(o.row.status, "failed");
  const auto judge =
      std::find_if(o.checks.begin(), o.checks.end(), [](const auto& c) { return c.check == "judge"; });
  ASSERT_NE(judge, o.checks.end());
  EXPECT_EQ(judge->status, "fail");
  EXPECT_EQ(judge->turn, 1);
  EXPECT_EQ(o.checks.back().check, "conversation_judge");
  EXPECT_EQ(o.checks.back().turn, -1);
  EXPECT_EQ(o.checks.back().status, "not_evaluated");
  EXPECT_EQ(count_spans(sink, "llm.judge"), 0) << "no judge call in dry-run";
}

TEST_F(RunnerTest, OutsideDryRunEveryJudgeIsAskedInItsOwnTraceAndItsVerdictDecides) {
  auto s = make_scenario("j", 1);
  s.turns[0].expect.judge = scenario::JudgeSpec{"stays in character", 7, 10, 1, std::nullopt, {}};
  s.conversation_judge.push_back(scenario::JudgeSpec{"never leaks", 7, 10, 2, std::nullopt, {}});
  RunnerDeps judged{clock, &tracer, [](const scenario::Scenario&) -> std::unique_ptr<llm::LlmClient> {
                      auto llm = std::make_unique<testing::ScriptedLlmClient>();
                      llm->reply("The price is $1,000.");
                      llm->reply(R"({"score": 9, "reasoning": "In character."})");
                      llm->reply(R"({"score": 5})");  // the coach
                      llm->reply(R"({"score": 2, "reasoning": "It named its floor."})");
                      llm->reply(R"({"score": 4, "reasoning": "It hinted at its floor."})");
                      return llm;
                    }};
  options.mode = core::Mode::replay;
  auto out = run_scenarios(io, {s}, options, judged);
  const auto& o = out.scenarios[0];
  EXPECT_EQ(o.row.status, "failed");
  EXPECT_EQ(o.llm_calls, 1 + 1 + 1 + 2);
  EXPECT_EQ(count_spans(sink, "llm.judge"), 3);
  EXPECT_EQ(count_spans(sink, "pipeline.judge"), 2);
  std::vector<query::CheckRow> judges;
  for (const auto& c : o.checks)
    if (c.check == "judge" || c.check == "conversation_judge") judges.push_back(c);
  ASSERT_EQ(judges.size(), 2u);
  EXPECT_EQ(judges[0].status, "pass");
  EXPECT_NE(judges[0].detail.find("In character."), std::string::npos) << judges[0].detail;
  EXPECT_EQ(judges[1].status, "fail") << judges[1].detail;
  EXPECT_EQ(judges[1].turn, -1);
  EXPECT_NE(judges[1].detail.find("median 4/10 of 2 samples (2, 4)"), std::string::npos) << judges[1].detail;
  EXPECT_NE(judges[1].detail.find("It named its floor."), std::string::npos) << judges[1].detail;
}

TEST_F(RunnerTest, ACounterpartThatGivesAwayItsPrivateGoalFailsNoLeakByDefault) {
  auto s = make_scenario("leak", 2);
  s.persona.goal = "sell the bike for at least $900";
  s.turns[0].mock_reply = "The price is $1,000, but I could do $900.";
  s.turns[1].user = "Would you take $900?";
  s.turns[1].mock_reply = "For $900 you have a deal; the price was $1,000.";  // the trainee said it first
  auto out = run_scenarios(io, {s}, options, deps);
  const auto& o = out.scenarios[0];
  EXPECT_EQ(o.row.status, "failed");
  std::vector<std::string> leaks;
  for (const auto& c : o.checks)
    if (c.check == "no_leak") leaks.push_back(std::to_string(c.turn) + " " + c.status + " " + c.detail);
  ASSERT_EQ(leaks.size(), 2u);
  EXPECT_EQ(leaks[0],
            "1 fail leaked money $900 from the private goal (not in the facts or the conversation)");
  EXPECT_EQ(leaks[1], "2 pass ");
}

}  // namespace
}  // namespace dq::harness
