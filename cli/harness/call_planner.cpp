#include "cli/harness/call_planner.hpp"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "bot/core/clock.hpp"
#include "bot/pipeline/dry_run_llm.hpp"
#include "bot/pipeline/pipeline.hpp"
#include "bot/scenario_deal/scenario_deal.hpp"
#include "cli/harness/checks.hpp"

namespace dq::harness {
namespace {

namespace asio = boost::asio;

// Answers like the dry-run LLM (instantly) and notes every request.
class PlanningLlmClient final : public llm::LlmClient {
 public:
  PlanningLlmClient(pipeline::DryRunScript script, std::string scenario)
      : inner_(std::move(script)), scenario_(std::move(scenario)) {}

  asio::awaitable<core::Result<llm::Response>> complete(const llm::Request& request) override {
    const std::int64_t expected = request.agent == "coach"     ? kExpectedCoachTokens
                                  : request.agent == "trainee" ? kExpectedTraineeTokens
                                  : request.agent == "judge"   ? kExpectedJudgeTokens
                                                               : kExpectedCounterpartTokens;
    calls.push_back({scenario_, request.provider, request.model, llm::estimate_input_tokens(request),
                     std::min<std::int64_t>(expected, request.max_tokens), request.max_tokens, request.agent,
                     llm::input_token_bound(request)});
    auto op = inner_.complete(request);
    auto response = co_await std::move(op);
    // The worst case is a trainee that never ends before max_turns: the plan never lets it.
    if (response && request.agent == "trainee") {
      auto move = pipeline::parse_trainee_answer(response->text);
      if (move && move->status != pipeline::TraineeStatus::go_on) {
        move->status = pipeline::TraineeStatus::go_on;
        if (move->message.empty()) move->message = "Go on.";
        response->text = pipeline::trainee_json(*move);
      }
    }
    co_return response;
  }

  std::vector<cost::PlannedCall> calls;

 private:
  pipeline::DryRunLlmClient inner_;
  std::string scenario_;
};

// Planning measures requests, not time: every step takes zero.
class StoppedClock final : public core::Clock {
 public:
  std::int64_t steady_ns() const override { return 0; }
  std::int64_t wall_ms() const override { return 0; }
};

class NoReplies final : public pipeline::ReplySink {
 public:
  asio::awaitable<core::Result<void>> deliver(const std::string&, const std::string&) override {
    co_return core::Result<void>{};
  }
};

asio::awaitable<void> judge(pipeline::Pipeline& pipe, const scenario::Scenario& s,
                            const scenario::JudgeSpec& spec, pipeline::JudgeTarget target) {
  auto op = pipe.run_judge(s.id, to_judge_ask(s, spec, target));
  co_await std::move(op);
}

// The conversation the runner plays (runner.cpp), with every judge asked and the trainee at max_turns.
asio::awaitable<void> play(pipeline::Pipeline& pipe, const scenario::Scenario& s) {
  const std::size_t simulated = s.simulated_user ? static_cast<std::size_t>(s.simulated_user->max_turns) : 0;
  const pipeline::TraineeBrief trainee =
      s.simulated_user ? to_trainee(*s.simulated_user) : pipeline::TraineeBrief{};
  for (std::size_t i = 0; i < s.turns.size() + simulated; ++i) {
    asio::awaitable<core::Result<pipeline::TurnOutcome>> op =
        i < s.turns.size() ? pipe.run_turn(s.id, s.turns[i].user) : pipe.run_simulated_turn(s.id, trainee);
    co_await std::move(op);
    if (const auto spec = expect_for_turn(s, i).judge) {
      auto judged = judge(pipe, s, *spec, pipeline::JudgeTarget::reply);
      co_await std::move(judged);
    }
  }
  if (s.debrief) {
    auto op = pipe.run_debrief(s.id);
    co_await std::move(op);
    if (const auto& spec = s.debrief->expect.judge) {
      auto judged = judge(pipe, s, *spec, pipeline::JudgeTarget::advice);
      co_await std::move(judged);
    }
  }
  for (const auto& spec : s.conversation_judge) {
    auto judged = judge(pipe, s, spec, pipeline::JudgeTarget::conversation);
    co_await std::move(judged);
  }
}

}  // namespace

std::vector<cost::PlannedCall> plan_calls(const scenario::Scenario& s) {
  pipeline::DryRunScript script = to_dry_run_script(s);
  script.latency_ms = 0;
  PlanningLlmClient llm(std::move(script), s.id);
  pipeline::InMemoryConversationStore conversations;
  NoReplies replies;
  const StoppedClock clock;
  pipeline::Pipeline pipe(to_deal(s), {llm, conversations, replies, clock, nullptr, nullptr});
  asio::io_context io;
  // Whatever escapes the play is rethrown here: a planner that stopped early would shrink the estimate
  // people type to approve spending.
  auto played = asio::co_spawn(io, play(pipe, s), asio::use_future);
  io.run();
  played.get();
  return std::move(llm.calls);
}

cost::Estimate estimate_scenarios(const std::vector<scenario::Scenario>& scenarios,
                                  const cost::PriceTable& prices, const cost::Calibration& calibration,
                                  int repeat) {
  std::vector<cost::PlannedCall> all;
  for (const auto& s : scenarios) {
    const auto calls = plan_calls(s);
    for (int k = 0; k < repeat; ++k)
      for (const auto& call : calls) all.push_back(cost::apply(calibration, call));
  }
  return cost::estimate(all, prices);
}

std::vector<query::EstimateRow> estimate_rows(const cost::Estimate& estimate) {
  std::vector<query::EstimateRow> rows;
  for (const auto& s : estimate.scenarios)
    for (const auto& r : s.roles) {
      query::EstimateRow row;
      row.scenario = s.scenario;
      row.role = r.role;
      row.planned_calls = r.calls;
      row.planned_input_tokens = r.input_tokens;
      row.planned_output_tokens = r.expected_output_tokens;
      row.expected_usd = r.expected_usd;
      row.worst_usd = r.worst_usd;
      rows.push_back(std::move(row));
    }
  return rows;
}

}  // namespace dq::harness
