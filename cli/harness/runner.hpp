#pragma once
// Runs scenarios through the bot's pipeline: `concurrency` scenarios at a time on one Asio event loop
// (C++20 coroutines, one thread), turns of a scenario in order, each turn and the debrief a trace.
//
// SIGINT/SIGTERM (when handle_signals): no new scenario or turn starts, in-flight ones finish their current
// step chain, the outcome says `interrupted`. A second signal calls `cancel_in_flight` (provider calls end at
// once with http.cancelled). The caller drains traces and marks the run.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"
#include "bot/llm/llm_client.hpp"
#include "bot/query/store_rows.hpp"
#include "bot/scenario/llm_factory.hpp"
#include "bot/scenario/scenario.hpp"
#include "cli/harness/checks.hpp"

namespace boost::asio {
class io_context;
}
namespace dq::trace {
class Tracer;
}

namespace dq::harness {

// One exchange of the conversation, for people reading the run: what the trainee said (scripted or
// simulated) and the counterpart's reply.
struct TranscriptTurn {
  int turn = 0;
  bool simulated = false;
  std::string user;
  std::string reply;
};

struct ScenarioOutcome {
  query::ScenarioRow row;  // status: passed | failed | error | interrupted | skipped | not_run
  std::vector<query::CheckRow> checks;
  std::optional<core::Error> error;  // what ended the scenario early (status error), if anything
  std::vector<TranscriptTurn> transcript;
  std::vector<std::int64_t> turn_latency_us;  // each answered turn, by the injected clock
  int llm_calls = 0;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0.0;
};

struct RunOutcome {
  std::vector<ScenarioOutcome> scenarios;  // in input order; with repeat N, N in a row per scenario
  bool interrupted = false;                // SIGINT/SIGTERM
  bool budget_stopped = false;             // a call would have crossed the --max-cost cap
  std::string stop_reason;                 // what stopped the run early, for people
};

// Called on the loop thread as each scenario finishes (for live output and storing results).
using ScenarioDone = std::function<void(const ScenarioOutcome&)>;

struct RunnerDeps {
  const core::Clock& clock;
  trace::Tracer* tracer = nullptr;
  scenario::LlmFactory make_llm;
};

struct RunOptions {
  std::string run_id;
  core::Mode mode = core::Mode::dry_run;
  int concurrency = 4;
  int repeat = 1;  // each scenario this many times, in a row (outcomes: scenario-major)
  bool handle_signals = true;
  // The first SIGINT/SIGTERM stops new work (and calls on_interrupt); a second one calls cancel_in_flight:
  // every provider call in flight ends at once.
  std::function<void()> on_interrupt;
  std::function<void()> cancel_in_flight;
  // Error codes that fail the scenario (status failed, exit 1) instead of ending it in error (exit 3): what
  // the code under test did, not what broke around it. Replay passes the recording mismatches.
  std::vector<std::string> failure_codes = {};
};

// Runs on `io` (which must not be running elsewhere) until every scenario finished or the run stopped.
RunOutcome run_scenarios(boost::asio::io_context& io, const std::vector<scenario::Scenario>& scenarios,
                         const RunOptions& options, const RunnerDeps& deps, const ScenarioDone& on_done = {});

// Where a pipeline error happened, for people: "salary-raise/turn 2/llm.counterpart".
std::string error_location(const std::string& scenario, int turn, const std::string& step);

}  // namespace dq::harness
