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
#include "bot/trace/span_record.hpp"

namespace dq::trace {
class Tracer;
}

namespace dq::pipeline {

struct TurnOutcome {
  std::string reply;
  llm::Usage usage;
  double cost_usd = 0.0;
  std::string model;
  std::string stop_reason;
  FaithfulnessResult faithfulness;
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

  // `attrs` are stored on the trace (run, scenario, turn, user, chat); pipeline kind is filled in here.
  // An error (LLM failure, store failure) ends the turn; its span carries the error code.
  boost::asio::awaitable<core::Result<TurnOutcome>> run_turn(std::string conversation_id,
                                                             std::string user_text,
                                                             trace::TraceAttributes attrs = {});
  boost::asio::awaitable<core::Result<DebriefOutcome>> run_debrief(std::string conversation_id,
                                                                   trace::TraceAttributes attrs = {});

 private:
  boost::asio::awaitable<core::Result<TurnOutcome>> turn_body(std::string conversation_id,
                                                              std::string user_text);
  boost::asio::awaitable<core::Result<DebriefOutcome>> debrief_body(std::string conversation_id);
  void notify(const std::string& conversation_id, Step step);
  // The steps both pipelines share, each in its own span.
  core::Result<Conversation> load_step(const std::string& conversation_id);
  core::Result<void> save_step(const Conversation& conversation);
  boost::asio::awaitable<core::Result<llm::Response>> llm_step(const std::string& conversation_id, Step step,
                                                               llm::Request request);

  Deal deal_;
  PipelineDeps deps_;
};

}  // namespace dq::pipeline
