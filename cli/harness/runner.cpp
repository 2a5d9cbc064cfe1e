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

void add_usage(ScenarioOutcome& out, const llm::Usage& usage, double cost) {
  ++out.llm_calls;
  out.input_tokens += usage.input_tokens;
  out.output_tokens += usage.output_tokens;
  out.cost_usd += cost;
}

// A pipeline error ends the scenario: it becomes a failed "pipeline" check located at scenario/turn/step.
// A budget refusal also stops the whole run (no new scenario or turn starts). A call cancelled by a second
// signal leaves the scenario interrupted, not failed.
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
  return "error";
}

void add_trainee_usage(ScenarioOutcome& out, const pipeline::TraineeTurn& t) {
  out.llm_calls += t.calls;
  out.input_tokens += t.usage.input_tokens;
  out.output_tokens += t.usage.output_tokens;
  out.cost_usd += t.cost_usd;
}

// A scripted turn's expectations with the scenario's `expect_each_turn` added: lists joined, a ceiling the
// turn leaves unset taken from it, faithfulness required when either asks for it.
scenario::TurnExpect with_each_turn(scenario::TurnExpect e, const std::optional<scenario::TurnExpect>& each) {
  if (!each) return e;
  auto join = [](std::vector<std::string>& to, const std::vector<std::string>& from) {
    to.insert(to.end(), from.begin(), from.end());
  };
  join(e.contains, each->contains);
  join(e.not_contains, each->not_contains);
  join(e.regex, each->regex);
  if (!e.max_latency_ms) e.max_latency_ms = each->max_latency_ms;
  if (!e.max_output_tokens) e.max_output_tokens = each->max_output_tokens;
  if (!e.max_cost_usd) e.max_cost_usd = each->max_cost_usd;
  if (!e.judge) e.judge = each->judge;
  e.faithful = e.faithful && each->faithful;
  return e;
}

// The conversation: the scripted turns, then the simulated trainee's until it ends or reaches max_turns.
asio::awaitable<ScenarioOutcome> run_one(RunState& st, const scenario::Scenario& s) {
  ScenarioOutcome out;
  out.row.scenario = s.id;
  out.row.file = s.where.file;
  const core::Clock& clock = st.deps.clock;
  const std::int64_t start_ns = clock.steady_ns();

  auto llm = st.deps.make_llm(s);
  pipeline::InMemoryConversationStore conversations;
  CapturingReplySink replies;
  pipeline::Pipeline pipe(to_deal(s), {*llm, conversations, replies, clock, st.deps.tracer, nullptr});
  const std::string conversation = st.options.run_id + "/" + s.id;
  auto attrs = [&](int turn) {
    trace::TraceAttributes a;
    a.run_id = st.options.run_id;
    a.scenario = s.id;
    a.turn = turn;
    a.user_id = "harness";
    a.chat_id = conversation;
    return a;
  };
  const std::size_t scripted = s.turns.size();
  const std::size_t simulated = s.simulated_user ? static_cast<std::size_t>(s.simulated_user->max_turns) : 0;
  const pipeline::TraineeBrief trainee =
      s.simulated_user ? to_trainee(*s.simulated_user) : pipeline::TraineeBrief{};
  scenario::TurnExpect simulated_expect = s.expect_each_turn.value_or(scenario::TurnExpect{});
  if (!s.expect_each_turn && s.simulated_user) simulated_expect.where = s.simulated_user->where;

  std::string status = "passed";
  bool trainee_done = false;
  for (std::size_t i = 0; i < scripted + simulated && status == "passed" && !trainee_done; ++i) {
    if (st.stop) {
      status = st.outcome.budget_stopped ? "stopped" : "interrupted";
      break;
    }
    const int turn = static_cast<int>(i) + 1;
    const bool is_simulated = i >= scripted;
    asio::awaitable<core::Result<pipeline::TurnOutcome>> op =
        is_simulated ? pipe.run_simulated_turn(conversation, trainee, attrs(turn))
                     : pipe.run_turn(conversation, s.turns[i].user, attrs(turn));
    auto result = co_await std::move(op);
    if (!result) {
      out.row.turns = turn;
      status = record_failure(st, out, turn, result.error());
      break;
    }
    if (result->trainee) {
      add_trainee_usage(out, *result->trainee);
      trainee_done = result->trainee->status != pipeline::TraineeStatus::go_on;
    }
    if (!result->answered) break;
    out.row.turns = turn;
    out.transcript.push_back({turn, is_simulated, result->user_text, result->reply});
    add_usage(out, result->usage, result->cost_usd);
    const scenario::TurnExpect expect =
        is_simulated ? simulated_expect : with_each_turn(s.turns[i].expect, s.expect_each_turn);
    auto checks = check_turn(s.id, turn, expect, *result, st.options.mode);
    out.checks.insert(out.checks.end(), checks.begin(), checks.end());
  }

  if (status == "passed" && s.debrief) {
    if (st.stop) {
      status = st.outcome.budget_stopped ? "stopped" : "interrupted";
    } else {
      auto op = pipe.run_debrief(conversation, attrs(-1));
      auto result = co_await std::move(op);
      if (!result) {
        status = record_failure(st, out, 0, result.error());
      } else {
        add_usage(out, result->usage, result->cost_usd);
        auto checks = check_debrief(s.id, s.debrief->expect, *result, st.options.mode);
        out.checks.insert(out.checks.end(), checks.begin(), checks.end());
      }
    }
  }
  if (status == "passed" && any_failed(out.checks)) status = "failed";
  out.row.status = status;
  out.row.duration_us = (clock.steady_ns() - start_ns) / 1000;
  co_return out;
}

asio::awaitable<void> worker(RunState& st) {
  while (!st.stop && st.next < st.scenarios.size()) {
    const std::size_t index = st.next++;
    auto op = run_one(st, st.scenarios[index]);
    ScenarioOutcome out = co_await std::move(op);
    if (st.on_done) st.on_done(out);
    st.outcome.scenarios[index] = std::move(out);
  }
}

}  // namespace

std::string error_location(const std::string& scenario, int turn, const std::string& step) {
  std::string where = scenario + "/" + (turn > 0 ? "turn " + std::to_string(turn) : std::string("debrief"));
  if (!step.empty()) where += "/" + step;
  return where;
}

RunOutcome run_scenarios(asio::io_context& io, const std::vector<scenario::Scenario>& scenarios,
                         const RunOptions& options, const RunnerDeps& deps, const ScenarioDone& on_done) {
  RunState st{scenarios, options, deps, on_done, {}, 0, false};
  st.outcome.scenarios.resize(scenarios.size());
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    st.outcome.scenarios[i].row.scenario = scenarios[i].id;
    st.outcome.scenarios[i].row.file = scenarios[i].where.file;
    st.outcome.scenarios[i].row.status = "not_run";
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
