#include "bot/pipeline/pipeline.hpp"

#include <nlohmann/json.hpp>

#include "bot/pipeline/agents.hpp"
#include "bot/trace/context_executor.hpp"
#include "bot/trace/span.hpp"

namespace dq::pipeline {
namespace {

// What an LLM span stores as its input: the request as JSON (system prompt and messages).
std::string request_json(const llm::Request& r) {
  nlohmann::json j;
  j["agent"] = r.agent;
  j["model"] = r.model;
  j["max_tokens"] = r.max_tokens;
  j["system"] = r.system;
  auto& msgs = j["messages"] = nlohmann::json::array();
  for (const auto& m : r.messages) msgs.push_back({{"role", m.role}, {"content", m.content}});
  return j.dump();
}

// The error a step ends its pipeline with: located at the step (callers add scenario/turn or chat).
core::Error at_step(core::Error e, Step step) {
  e.where = std::string(step_name(step));
  return e;
}

std::int64_t elapsed_us(const core::Clock& clock, std::int64_t since_ns) {
  return (clock.steady_ns() - since_ns) / 1000;
}

}  // namespace

void CallTally::add(const llm::Response& response) {
  ++calls;
  usage.input_tokens += response.usage.input_tokens;
  usage.output_tokens += response.usage.output_tokens;
  cost_usd += response.cost_usd;
}

void Pipeline::notify(const std::string& conversation_id, Step step) {
  if (deps_.progress) deps_.progress->on_step(conversation_id, step);
}

boost::asio::awaitable<core::Result<TurnOutcome>> Pipeline::run_turn(std::string conversation_id,
                                                                     std::string user_text,
                                                                     trace::TraceAttributes attrs) {
  auto op = traced_turn(std::move(conversation_id), nullptr, std::move(user_text), std::move(attrs));
  co_return co_await std::move(op);
}

boost::asio::awaitable<core::Result<TurnOutcome>> Pipeline::run_simulated_turn(std::string conversation_id,
                                                                               const TraineeBrief& trainee,
                                                                               trace::TraceAttributes attrs) {
  auto op = traced_turn(std::move(conversation_id), &trainee, "", std::move(attrs));
  co_return co_await std::move(op);
}

boost::asio::awaitable<core::Result<TurnOutcome>> Pipeline::traced_turn(std::string conversation_id,
                                                                        const TraineeBrief* trainee,
                                                                        std::string user_text,
                                                                        trace::TraceAttributes attrs) {
  // Operations are built as named locals and then awaited: GCC 12 mis-handles class-type temporaries inside
  // a co_await full-expression (ARCHITECTURE.md, "Coroutine rules").
  notify(conversation_id, Step::turn);
  auto body = turn_body(std::move(conversation_id), trainee, std::move(user_text));
  if (deps_.tracer == nullptr) co_return co_await std::move(body);
  attrs.pipeline = "turn";
  auto ex = co_await boost::asio::this_coro::executor;
  auto traced = trace::in_new_trace(ex, *deps_.tracer, std::string(step_name(Step::turn)), std::move(attrs),
                                    std::move(body));
  co_return co_await std::move(traced);
}

boost::asio::awaitable<core::Result<DebriefOutcome>> Pipeline::run_debrief(std::string conversation_id,
                                                                           trace::TraceAttributes attrs) {
  notify(conversation_id, Step::debrief);
  auto body = debrief_body(std::move(conversation_id));
  if (deps_.tracer == nullptr) co_return co_await std::move(body);
  attrs.pipeline = "debrief";
  auto ex = co_await boost::asio::this_coro::executor;
  auto traced = trace::in_new_trace(ex, *deps_.tracer, std::string(step_name(Step::debrief)),
                                    std::move(attrs), std::move(body));
  co_return co_await std::move(traced);
}

boost::asio::awaitable<core::Result<JudgeOutcome>> Pipeline::run_judge(std::string conversation_id,
                                                                       JudgeAsk ask,
                                                                       trace::TraceAttributes attrs) {
  auto body = judge_body(std::move(conversation_id), std::move(ask));
  if (deps_.tracer == nullptr) co_return co_await std::move(body);
  attrs.pipeline = "judge";
  auto ex = co_await boost::asio::this_coro::executor;
  auto traced = trace::in_new_trace(ex, *deps_.tracer, std::string(step_name(Step::judge)), std::move(attrs),
                                    std::move(body));
  co_return co_await std::move(traced);
}

boost::asio::awaitable<core::Result<JudgeOutcome>> Pipeline::judge_body(std::string id, JudgeAsk ask) {
  JudgeOutcome out;
  auto conversation = load_step(id);
  if (!conversation) co_return std::unexpected(conversation.error());
  for (int i = 0; i < ask.samples; ++i) {
    llm::Request request = build_judge_request(deal_, ask, *conversation);
    auto call = llm_step(id, Step::llm_judge, std::move(request));
    auto response = co_await std::move(call);
    if (!response) co_return std::unexpected(response.error());
    out.samples.push_back(parse_judge_answer(response->text, ask.scale));
  }
  co_return out;
}

core::Result<Conversation> Pipeline::load_step(const std::string& id) {
  notify(id, Step::context_load);
  trace::Span span(step_name(Step::context_load));
  auto loaded = deps_.conversations.load(id);
  if (!loaded) {
    span.fail(loaded.error().to_string());
    return std::unexpected(at_step(loaded.error(), Step::context_load));
  }
  return loaded;
}

core::Result<void> Pipeline::save_step(const Conversation& conversation) {
  notify(conversation.id, Step::db_save);
  trace::Span span(step_name(Step::db_save));
  auto saved = deps_.conversations.save(conversation);
  if (!saved) {
    span.fail(saved.error().to_string());
    return std::unexpected(at_step(saved.error(), Step::db_save));
  }
  return saved;
}

boost::asio::awaitable<core::Result<llm::Response>> Pipeline::llm_step(const std::string& id, Step step,
                                                                       llm::Request request) {
  notify(id, step);
  trace::Span span(step_name(step));
  auto call = deps_.llm.complete(request);
  auto response = co_await std::move(call);
  if (!response) {
    span.set_io(request_json(request), "");
    span.fail(response.error().to_string());
    co_return std::unexpected(at_step(response.error(), step));
  }
  spent_.add(*response);
  span.set_llm(response->provider, response->model, response->usage.input_tokens,
               response->usage.output_tokens, response->cost_usd);
  span.set_io(request_json(request), response->text);
  co_return response;
}

boost::asio::awaitable<core::Result<TraineeMove>> Pipeline::trainee_step(const std::string& id,
                                                                         const TraineeBrief& trainee,
                                                                         const Conversation& conversation) {
  if (conversation.messages.empty() && !trainee.opening.empty()) {
    TraineeMove opening{trainee.opening, TraineeStatus::go_on};
    co_return opening;
  }
  for (int attempt = 1;; ++attempt) {
    llm::Request request = build_trainee_request(deal_, trainee, conversation);
    auto call = llm_step(id, Step::llm_trainee, std::move(request));
    auto response = co_await std::move(call);
    if (!response) co_return std::unexpected(response.error());
    auto move = parse_trainee_answer(response->text);
    if (move) co_return move;
    if (attempt == 2) co_return std::unexpected(at_step(move.error(), Step::llm_trainee));
  }
}

boost::asio::awaitable<core::Result<TurnOutcome>> Pipeline::turn_body(std::string id,
                                                                      const TraineeBrief* trainee,
                                                                      std::string user_text) {
  const core::Clock& clock = deps_.clock;
  const std::int64_t start_ns = clock.steady_ns();
  TurnOutcome out;

  auto conversation = load_step(id);
  if (!conversation) co_return std::unexpected(conversation.error());

  if (trainee != nullptr) {
    out.trainee.emplace();
    auto step = trainee_step(id, *trainee, *conversation);
    auto move = co_await std::move(step);
    if (!move) co_return std::unexpected(move.error());
    out.trainee->status = move->status;
    user_text = std::move(move->message);
    if (user_text.empty()) {  // it ended with nothing more to say: no counterpart call
      out.answered = false;
      out.latency_us = elapsed_us(clock, start_ns);
      co_return out;
    }
  }
  out.user_text = user_text;

  const std::int64_t call_ns = clock.steady_ns();
  llm::Request request = build_counterpart_request(deal_, *conversation, user_text);
  auto call = llm_step(id, Step::llm_counterpart, std::move(request));
  auto response = co_await std::move(call);
  out.llm_latency_us = elapsed_us(clock, call_ns);
  if (!response) co_return std::unexpected(response.error());
  out.reply = std::move(response->text);
  out.usage = response->usage;
  out.cost_usd = response->cost_usd;
  out.model = std::move(response->model);
  out.stop_reason = std::move(response->stop_reason);

  {
    notify(id, Step::check_faithful);
    trace::Span span(step_name(Step::check_faithful));
    std::vector<std::string> known = deal_.facts;
    if (!deal_.opening.empty()) known.push_back(deal_.opening);
    for (const auto& m : conversation->messages) known.push_back(m.content);
    known.push_back(user_text);
    out.faithfulness = check_faithfulness(out.reply, known);
    out.leaks = check_leaks(out.reply, deal_.persona_goal, known);
    // The reply still goes out (the bot has nothing better to say yet), but the span is an error so that
    // invented or leaked terms show up in error rates, and the harness fails the turn.
    if (!out.faithfulness.ok()) span.fail("faithfulness.invented: " + out.faithfulness.describe());
    if (!out.leaks.ok()) span.fail("faithfulness.leaked: " + out.leaks.describe());
  }

  conversation->messages.push_back({"user", user_text});
  conversation->messages.push_back({"assistant", out.reply});
  if (auto saved = save_step(*conversation); !saved) co_return std::unexpected(saved.error());

  {
    notify(id, Step::reply);
    trace::Span span(step_name(Step::reply));
    auto delivery = deps_.replies.deliver(id, out.reply);
    if (auto sent = co_await std::move(delivery); !sent) {
      span.fail(sent.error().to_string());
      co_return std::unexpected(at_step(sent.error(), Step::reply));
    }
  }

  out.latency_us = elapsed_us(clock, start_ns);
  co_return out;
}

boost::asio::awaitable<core::Result<DebriefOutcome>> Pipeline::debrief_body(std::string id) {
  const core::Clock& clock = deps_.clock;
  const std::int64_t start_ns = clock.steady_ns();
  DebriefOutcome out;

  auto conversation = load_step(id);
  if (!conversation) co_return std::unexpected(conversation.error());

  llm::Request request = build_coach_request(deal_, *conversation);
  auto call = llm_step(id, Step::llm_coach, std::move(request));
  auto response = co_await std::move(call);
  if (!response) co_return std::unexpected(response.error());
  out.answer = std::move(response->text);
  out.usage = response->usage;
  out.cost_usd = response->cost_usd;
  out.model = std::move(response->model);

  {
    notify(id, Step::coach_parse);
    trace::Span span(step_name(Step::coach_parse));
    auto json = extract_coach_json(out.answer);
    if (json) {
      out.score_json = std::move(*json);
    } else {
      out.parse_error = json.error().to_string();
      span.fail(out.parse_error);
    }
  }

  conversation->debrief = out.answer;  // kept apart from the negotiation so the counterpart never sees it
  if (auto saved = save_step(*conversation); !saved) co_return std::unexpected(saved.error());

  out.latency_us = elapsed_us(clock, start_ns);
  co_return out;
}

}  // namespace dq::pipeline
