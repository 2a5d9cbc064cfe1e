#pragma once
// The negotiation pipeline: one turn (load context, ask the counterpart, check its numbers, save, reply) and
// the debrief (load context, ask the coach, parse the score, save). Each run is a trace and each step a span
// (names and progress texts from steps.hpp); the trace context travels with the coroutine, not as arguments.
//
// The same code runs in the bot and in the harness; only the collaborators passed in differ.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>

#include "bot/core/clock.hpp"
#include "bot/core/error.hpp"
#include "bot/llm/llm_client.hpp"
#include "bot/pipeline/conversation.hpp"
#include "bot/pipeline/deal.hpp"
#include "bot/pipeline/faithfulness.hpp"
#include "bot/pipeline/judge.hpp"
#include "bot/pipeline/leaks.hpp"
#include "bot/pipeline/trainee.hpp"
#include "bot/trace/span_record.hpp"

namespace dq::trace {
class Tracer;
}

namespace dq::pipeline {

// What the calls of one role in one step used and cost.
struct CallTally {
  int calls = 0;
  llm::Usage usage;
  double cost_usd = 0.0;
  void add(const llm::Response& response);
};

// The simulated trainee's part of a turn: whether it ended the conversation.
struct TraineeTurn {
  TraineeStatus status = TraineeStatus::go_on;
};

struct TurnOutcome {
  std::string user_text;  // what the trainee said: scripted, or the simulated trainee's message
  bool answered = true;   // false when a simulated trainee ended with nothing to say: no counterpart call
  std::optional<TraineeTurn> trainee;
  std::string reply;
  llm::Usage usage;  // the counterpart's call (the trainee's is in `trainee`)
  double cost_usd = 0.0;
  std::string model;
  std::string stop_reason;
  FaithfulnessResult faithfulness;
  LeakResult leaks;                 // of the persona's private goal
  std::int64_t latency_us = 0;      // the whole turn, by the injected clock
  std::int64_t llm_latency_us = 0;  // the counterpart call alone
};

struct DebriefOutcome {
  std::string answer;       // the coach's raw answer
  std::string score_json;   // the JSON object in it, empty when it had none
  std::string parse_error;  // why score_json is empty
  llm::Usage usage;
  double cost_usd = 0.0;
  std::string model;
  std::int64_t latency_us = 0;
};

// Every sample of one judge check: a verdict, or why its answer did not parse (judge.bad_output, quoted).
struct JudgeOutcome {
  std::vector<core::Result<JudgeVerdict>> samples;
};

struct PipelineDeps {
  llm::LlmClient& llm;
  ConversationStore& conversations;
  ReplySink& replies;
  const core::Clock& clock;
  trace::Tracer* tracer = nullptr;       // no traces when null
  ProgressObserver* progress = nullptr;  // optional
};

class Pipeline {
 public:
  Pipeline(Deal deal, PipelineDeps deps) : deal_(std::move(deal)), deps_(deps) {}

  const Deal& deal() const { return deal_; }
  // Every call this pipeline made that got an answer, whatever became of its step (a trainee answer that did
  // not parse, a turn that failed later): what the scenario used and cost.
  const CallTally& spent() const { return spent_; }

  // `attrs` are stored on the trace (run, scenario, turn, user, chat); pipeline kind is filled in here.
  // An error (LLM failure, store failure) ends the turn; its span carries the error code.
  boost::asio::awaitable<core::Result<TurnOutcome>> run_turn(std::string conversation_id,
                                                             std::string user_text,
                                                             trace::TraceAttributes attrs = {});
  // A turn whose user text comes from the simulated trainee (step llm.trainee, in the same trace). An
  // answer that does not parse is asked again once, then ends the turn with trainee.bad_output.
  boost::asio::awaitable<core::Result<TurnOutcome>> run_simulated_turn(std::string conversation_id,
                                                                       const TraineeBrief& trainee,
                                                                       trace::TraceAttributes attrs = {});
  boost::asio::awaitable<core::Result<DebriefOutcome>> run_debrief(std::string conversation_id,
                                                                   trace::TraceAttributes attrs = {});
  // An LLM-judge check on the conversation as it stands (its own trace, one llm.judge span per sample). An
  // answer that does not parse is a sample with an error, not a pipeline error.
  boost::asio::awaitable<core::Result<JudgeOutcome>> run_judge(std::string conversation_id, JudgeAsk ask,
                                                               trace::TraceAttributes attrs = {});

 private:
  boost::asio::awaitable<core::Result<JudgeOutcome>> judge_body(std::string conversation_id, JudgeAsk ask);
  boost::asio::awaitable<core::Result<TurnOutcome>> traced_turn(std::string conversation_id,
                                                                const TraineeBrief* trainee,
                                                                std::string user_text,
                                                                trace::TraceAttributes attrs);
  boost::asio::awaitable<core::Result<TurnOutcome>> turn_body(std::string conversation_id,
                                                              const TraineeBrief* trainee,
                                                              std::string user_text);
  boost::asio::awaitable<core::Result<TraineeMove>> trainee_step(const std::string& conversation_id,
                                                                 const TraineeBrief& trainee,
                                                                 const Conversation& conversation);
  boost::asio::awaitable<core::Result<DebriefOutcome>> debrief_body(std::string conversation_id);
  void notify(const std::string& conversation_id, Step step);
  // The steps both pipelines share, each in its own span.
  core::Result<Conversation> load_step(const std::string& conversation_id);
  core::Result<void> save_step(const Conversation& conversation);
  boost::asio::awaitable<core::Result<llm::Response>> llm_step(const std::string& conversation_id, Step step,
                                                               llm::Request request);

  Deal deal_;
  PipelineDeps deps_;
  CallTally spent_;
};

}  // namespace dq::pipeline
