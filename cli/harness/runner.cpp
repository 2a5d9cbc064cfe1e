#include "cli/harness/runner.hpp"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <exception>

#include "bot/cost/cost_errors.hpp"
#include "bot/http/http_errors.hpp"
#include "bot/pipeline/pipeline.hpp"
#include "bot/pipeline/pipeline_errors.hpp"
#include "bot/scenario_deal/scenario_deal.hpp"
#include "bot/trace/context_executor.hpp"

namespace dq::harness {
namespace {

namespace asio = boost::asio;

// The harness's reply edge: replies are already in the TurnOutcome, so delivering is a no-op that succeeds.
class CapturingReplySink final : public pipeline::ReplySink {
 public:
  asio::awaitable<core::Result<void>> deliver(const std::string&, const std::string& text) override {
    replies.push_back(text);
    co_return core::Result<void>{};
  }
  std::vector<std::string> replies;
};

struct RunState {
  const std::vector<scenario::Scenario>& scenarios;
  const RunOptions& options;
  const RunnerDeps& deps;
  const ScenarioDone& on_done;
  RunOutcome outcome;
  std::size_t next = 0;
  bool stop = false;
};

void add_usage(ScenarioOutcome& out, const pipeline::CallTally& t) {
  out.llm_calls += t.calls;
  out.input_tokens += t.usage.input_tokens;
  out.output_tokens += t.usage.output_tokens;
  out.cost_usd += t.cost_usd;
}

// A pipeline error ends the scenario: it becomes a failed "pipeline" check located at scenario/turn/step.
// A budget refusal also stops the whole run (no new scenario or turn starts). A call cancelled by a second
// signal leaves the scenario interrupted, not failed. A simulated trainee whose answers never parse failed
// the scenario (exit 1, like any failed check): the model misbehaved, nothing in the infrastructure broke.
// So did one whose error is among options.failure_codes (a replay that no longer matches its recording).
std::string record_failure(RunState& st, ScenarioOutcome& out, int turn, core::Error error) {
  error.where = error_location(out.row.scenario, turn, error.where);
  if (st.outcome.interrupted && error.code == http::errc::cancelled) return "interrupted";
  out.checks.push_back({out.row.scenario, turn, "pipeline", "fail", error.to_string()});
  out.row.error = error.to_string();
  out.error = error;
  if (error.code == cost::errc::budget_exceeded) {
    st.stop = true;
    st.outcome.budget_stopped = true;
    st.outcome.stop_reason = error.message;
    return "budget";
  }
  const auto& failing = st.options.failure_codes;
  const bool failed = error.code == pipeline::errc::trainee_bad_output ||
                      std::find(failing.begin(), failing.end(), error.code) != failing.end();
  return failed ? "failed" : "error";
}

// Plays one scenario: the scripted turns, then the simulated trainee's until it ends or reaches max_turns,
// each turn's checks and judge; the debrief and its judge; then the judges of the whole conversation. The
// first pipeline error (or a stop) ends it.
class ScenarioPlayer {
 public:
  // Repetition k > 1 talks in conversation "<run>/<scenario>#k" (the report's transcript shows the first).
  ScenarioPlayer(RunState& st, const scenario::Scenario& s, int repetition)
      : st_(st),
        s_(s),
        llm_(st.deps.make_llm(s)),
        pipe_(to_deal(s), {*llm_, conversations_, replies_, st.deps.clock, st.deps.tracer, nullptr}),
        conversation_(st.options.run_id + "/" + s.id +
                      (repetition > 1 ? "#" + std::to_string(repetition) : "")) {
    out_.row.scenario = s.id;
    out_.row.file = s.where.file;
    out_.row.repetition = repetition;
  }

  asio::awaitable<ScenarioOutcome> play() {
    const std::int64_t start_ns = st_.deps.clock.steady_ns();
    auto turns = play_turns();
    co_await std::move(turns);
    if (status_ == "passed" && s_.debrief && !stopped()) {
      auto debrief = play_debrief();
      co_await std::move(debrief);
    }
    for (const auto& spec : s_.conversation_judge) {
      if (status_ != "passed" || stopped()) break;
      auto judged = judge(spec, pipeline::JudgeTarget::conversation, -1, "conversation_judge");
      co_await std::move(judged);
    }
    if (status_ == "passed" && any_failed(out_.checks)) status_ = "failed";
    add_usage(out_, pipe_.spent());
    out_.row.status = status_;
    out_.row.duration_us = (st_.deps.clock.steady_ns() - start_ns) / 1000;
    co_return std::move(out_);
  }

 private:
  trace::TraceAttributes attrs(int turn) const {
    trace::TraceAttributes a;
    a.run_id = st_.options.run_id;
    a.scenario = s_.id;
    a.turn = turn;
    a.user_id = "harness";
    a.chat_id = conversation_;
    return a;
  }

  // A stop (signal or budget) ends the scenario before its next step.
  bool stopped() {
    if (!st_.stop) return false;
    if (status_ == "passed") status_ = st_.outcome.budget_stopped ? "stopped" : "interrupted";
    return true;
  }

  void fail(int turn, core::Error error) { status_ = record_failure(st_, out_, turn, std::move(error)); }

  asio::awaitable<void> play_turns() {
    const std::size_t scripted = s_.turns.size();
    const std::size_t simulated =
        s_.simulated_user ? static_cast<std::size_t>(s_.simulated_user->max_turns) : 0;
    const pipeline::TraineeBrief trainee =
        s_.simulated_user ? to_trainee(*s_.simulated_user) : pipeline::TraineeBrief{};
    for (std::size_t i = 0; i < scripted + simulated && status_ == "passed" && !stopped(); ++i) {
      const int turn = static_cast<int>(i) + 1;
      const bool is_simulated = i >= scripted;
      asio::awaitable<core::Result<pipeline::TurnOutcome>> op =
          is_simulated ? pipe_.run_simulated_turn(conversation_, trainee, attrs(turn))
                       : pipe_.run_turn(conversation_, s_.turns[i].user, attrs(turn));
      auto result = co_await std::move(op);
      if (!result) {
        out_.row.turns = turn;
        fail(turn, result.error());
        co_return;
      }
      const bool trainee_done = result->trainee && result->trainee->status != pipeline::TraineeStatus::go_on;
      if (!result->answered) co_return;
      out_.row.turns = turn;
      out_.transcript.push_back({turn, is_simulated, result->user_text, result->reply});
      out_.turn_latency_us.push_back(result->latency_us);
      const scenario::TurnExpect expect = expect_for_turn(s_, i);
      auto checks = check_turn(s_.id, turn, expect, *result, st_.options.mode);
      out_.checks.insert(out_.checks.end(), checks.begin(), checks.end());
      if (expect.judge) {
        auto judged = judge(*expect.judge, pipeline::JudgeTarget::reply, turn, "judge");
        co_await std::move(judged);
      }
      if (trainee_done) co_return;
    }
  }

  asio::awaitable<void> play_debrief() {
    auto op = pipe_.run_debrief(conversation_, attrs(-1));
    auto result = co_await std::move(op);
    if (!result) {
      fail(0, result.error());
      co_return;
    }
    auto checks = check_debrief(s_.id, s_.debrief->expect, *result);
    out_.checks.insert(out_.checks.end(), checks.begin(), checks.end());
    if (const auto& spec = s_.debrief->expect.judge) {
      auto judged = judge(*spec, pipeline::JudgeTarget::advice, 0, "judge");
      co_await std::move(judged);
    }
  }

  // In --dry-run a judge is mocked or not evaluated; otherwise it is asked (and its calls counted).
  asio::awaitable<void> judge(const scenario::JudgeSpec& spec, pipeline::JudgeTarget target, int turn,
                              std::string check) {
    if (st_.options.mode == core::Mode::dry_run) {
      out_.checks.push_back(dry_run_judge_check(s_.id, turn, check, spec));
      co_return;
    }
    if (stopped()) co_return;
    // Traces number the debrief and the whole conversation -1, like the debrief's own trace.
    auto op = pipe_.run_judge(conversation_, to_judge_ask(s_, spec, target), attrs(turn > 0 ? turn : -1));
    auto result = co_await std::move(op);
    if (!result) {
      fail(turn, result.error());
      co_return;
    }
    out_.checks.push_back(judge_check(s_.id, turn, check, spec, *result));
  }

  RunState& st_;
  const scenario::Scenario& s_;
  std::unique_ptr<llm::LlmClient> llm_;
  pipeline::InMemoryConversationStore conversations_;
  CapturingReplySink replies_;
  pipeline::Pipeline pipe_;
  std::string conversation_;
  ScenarioOutcome out_;
  std::string status_ = "passed";
};

asio::awaitable<ScenarioOutcome> run_one(RunState& st, const scenario::Scenario& s, int repetition) {
  ScenarioPlayer player(st, s, repetition);
  auto op = player.play();
  co_return co_await std::move(op);
}

// A worker takes a scenario and plays its repetitions one after another: repetition k then replays (or
// records) the k-th variant of its cassette.
asio::awaitable<void> worker(RunState& st) {
  const auto repeat = static_cast<std::size_t>(std::max(1, st.options.repeat));
  while (!st.stop && st.next < st.scenarios.size()) {
    const std::size_t index = st.next++;
    for (std::size_t k = 0; k < repeat && !st.stop; ++k) {
      auto op = run_one(st, st.scenarios[index], static_cast<int>(k) + 1);
      ScenarioOutcome out = co_await std::move(op);
      if (st.on_done) st.on_done(out);
      st.outcome.scenarios[index * repeat + k] = std::move(out);
    }
  }
}

}  // namespace

std::string error_location(const std::string& scenario, int turn, const std::string& step) {
  std::string where = scenario + "/" +
                      (turn > 0    ? "turn " + std::to_string(turn)
                       : turn == 0 ? "debrief"
                                   : "conversation");
  if (!step.empty()) where += "/" + step;
  return where;
}

RunOutcome run_scenarios(asio::io_context& io, const std::vector<scenario::Scenario>& scenarios,
                         const RunOptions& options, const RunnerDeps& deps, const ScenarioDone& on_done) {
  RunState st{scenarios, options, deps, on_done, {}, 0, false};
  const auto repeat = static_cast<std::size_t>(std::max(1, options.repeat));
  st.outcome.scenarios.resize(scenarios.size() * repeat);
  for (std::size_t i = 0; i < st.outcome.scenarios.size(); ++i) {
    auto& row = st.outcome.scenarios[i].row;
    row.scenario = scenarios[i / repeat].id;
    row.file = scenarios[i / repeat].where.file;
    row.repetition = static_cast<int>(i % repeat) + 1;
    row.status = "not_run";
  }

  asio::signal_set signals(io);
  if (options.handle_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      st.stop = true;
      st.outcome.interrupted = true;
      if (options.on_interrupt) options.on_interrupt();
      signals.async_wait([&](const boost::system::error_code& again, int) {  // the second one: stop now
        if (!again && options.cancel_in_flight) options.cancel_in_flight();
      });
    });
  }

  std::exception_ptr failure;
  int running = std::max(1, std::min<int>(options.concurrency, static_cast<int>(scenarios.size())));
  for (int i = 0; i < running; ++i) {
    asio::co_spawn(trace::untraced(io.get_executor()), worker(st), [&](std::exception_ptr e) {
      if (e && !failure) failure = e;
      if (--running == 0) signals.cancel();
    });
  }
  if (scenarios.empty()) signals.cancel();
  io.restart();
  io.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(st.outcome);
}

}  // namespace dq::harness
