#include "bot/pipeline/pipeline.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "bot/trace/context_executor.hpp"
#include "bot/trace/tracer.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/recording_span_sink.hpp"
#include "tests/support/run_loop.hpp"
#include "tests/support/scripted_llm_client.hpp"

namespace dq::pipeline {
namespace {

namespace asio = boost::asio;

class CollectingReplies final : public ReplySink {
 public:
  asio::awaitable<core::Result<void>> deliver(const std::string& id, const std::string& text) override {
    sent.emplace_back(id, text);
    co_return core::Result<void>{};
  }
  std::vector<std::pair<std::string, std::string>> sent;
};

class FailingConversationStore final : public ConversationStore {
 public:
  core::Result<Conversation> load(const std::string& id) override { return Conversation{id, {}, {}}; }
  core::Result<void> save(const Conversation&) override {
    return core::fail("store.locked", "", "database is locked");
  }
};

class RecordingProgress final : public ProgressObserver {
 public:
  void on_step(const std::string&, Step step) override { steps.push_back(step); }
  std::vector<Step> steps;
};

Deal test_deal() {
  Deal d;
  d.id = "bakery";
  d.title = "Buying a bakery";
  d.persona_name = "Margaret";
  d.persona_role = "owner";
  d.facts = {"Asking price: $450,000", "Closing date: March 1, 2027"};
  d.counterpart = {"anthropic", "claude-sonnet-4-6", 300, std::nullopt, std::nullopt};
  d.coach = {"anthropic", "claude-haiku-4-5", 600, std::nullopt, std::nullopt};
  return d;
}

// Each turn on a fresh loop, untraced at the top as the bot's own handlers are.
template <class T>
T run_on_loop(asio::awaitable<T> op) {
  asio::io_context io;
  return testing::run_to_completion(io, trace::untraced(io.get_executor()), std::move(op));
}

struct PipelineTest : ::testing::Test {
  testing::FakeClock clock;
  testing::RecordingSpanSink sink;
  trace::Tracer tracer{clock, sink};
  testing::ScriptedLlmClient llm{&clock, 1200};
  InMemoryConversationStore conversations;
  CollectingReplies replies;
  RecordingProgress progress;
  Pipeline pipeline{test_deal(), {llm, conversations, replies, clock, &tracer, &progress}};

  const trace::SpanRecord& span(std::string_view name) {
    const auto* s = sink.find(name);
    EXPECT_NE(s, nullptr) << "no span " << name;
    return *s;
  }
};

TEST_F(PipelineTest, ATurnIsOneTraceWithEveryStepAsAChildSpanTimedExactly) {
  llm.reply("The asking price is $450,000.", 150, 12);
  trace::TraceAttributes attrs;
  attrs.run_id = "run-1";
  attrs.scenario = "bakery";
  attrs.turn = 1;
  auto out = run_on_loop(pipeline.run_turn("c1", "What is the price?", attrs));
  ASSERT_TRUE(out.has_value()) << out.error().to_string();
  EXPECT_EQ(out->reply, "The asking price is $450,000.");
  EXPECT_EQ(out->latency_us, 1200);
  EXPECT_EQ(out->llm_latency_us, 1200);
  EXPECT_TRUE(out->faithfulness.ok());

  ASSERT_EQ(sink.spans.size(), kTurnSteps.size());
  const auto& root = span("pipeline.turn");
  EXPECT_TRUE(root.is_root());
  EXPECT_EQ(root.trace.pipeline, "turn");
  EXPECT_EQ(root.trace.run_id, "run-1");
  EXPECT_EQ(root.duration_us, 1200);
  for (Step step : kTurnSteps) {
    if (step == Step::turn) continue;
    const auto& s = span(step_name(step));
    EXPECT_EQ(s.trace_id, root.trace_id) << s.name;
    EXPECT_EQ(s.parent_id, root.span_id) << s.name;
    EXPECT_EQ(s.status, trace::SpanStatus::ok) << s.name;
    EXPECT_EQ(s.duration_us, step == Step::llm_counterpart ? 1200 : 0) << s.name;
  }
  const auto& llm_span = span("llm.counterpart");
  EXPECT_EQ(llm_span.input_tokens, 150);
  EXPECT_EQ(llm_span.output_tokens, 12);
  EXPECT_NE(llm_span.input.find("What is the price?"), std::string::npos);
  EXPECT_EQ(llm_span.output, "The asking price is $450,000.");
  ASSERT_EQ(replies.sent.size(), 1u);
  EXPECT_EQ(progress.steps, std::vector<Step>(kTurnSteps.begin(), kTurnSteps.end()));
}

TEST_F(PipelineTest, TheConversationCarriesOverToTheNextTurn) {
  llm.reply("Hello.");
  llm.reply("Still $450,000.");
  ASSERT_TRUE(run_on_loop(pipeline.run_turn("c1", "Hi")).has_value());
  ASSERT_TRUE(run_on_loop(pipeline.run_turn("c1", "Can you go lower?")).has_value());
  ASSERT_EQ(llm.requests.size(), 2u);
  const auto& second = llm.requests[1].messages;
  ASSERT_EQ(second.size(), 3u);
  EXPECT_EQ(second[0].content, "Hi");
  EXPECT_EQ(second[1].role, "assistant");
  EXPECT_EQ(second[2].content, "Can you go lower?");
}

TEST_F(PipelineTest, AnInventedAmountFailsTheCheckSpanButTheReplyStillGoesOut) {
  llm.reply("Fine, $390,000 and we close on June 5, 2027.");
  auto out = run_on_loop(pipeline.run_turn("c1", "Would you take less?"));
  ASSERT_TRUE(out.has_value());
  EXPECT_FALSE(out->faithfulness.ok());
  const auto& check = span("check.faithful");
  EXPECT_EQ(check.status, trace::SpanStatus::error);
  EXPECT_NE(check.error.find("faithfulness.invented"), std::string::npos);
  EXPECT_EQ(replies.sent.size(), 1u);
}

TEST_F(PipelineTest, AnLlmErrorStopsTheTurnAndIsRecordedOnItsSpanAndTheRoot) {
  llm.fail({"llm.http_529", "", "overloaded"});
  auto out = run_on_loop(pipeline.run_turn("c1", "Hi"));
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code, "llm.http_529");
  EXPECT_EQ(span("llm.counterpart").status, trace::SpanStatus::error);
  EXPECT_EQ(span("pipeline.turn").status, trace::SpanStatus::error);
  EXPECT_EQ(sink.find("db.save"), nullptr);
  EXPECT_TRUE(replies.sent.empty());
}

TEST_F(PipelineTest, AStoreFailureOnSaveIsAnErrorNotACrash) {
  FailingConversationStore failing;
  Pipeline p(test_deal(), {llm, failing, replies, clock, &tracer, nullptr});
  llm.reply("Hello.");
  auto out = run_on_loop(p.run_turn("c1", "Hi"));
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code, "store.locked");
  EXPECT_EQ(span("db.save").status, trace::SpanStatus::error);
}

TEST_F(PipelineTest, TheDebriefParsesTheCoachJsonAndTracesItsSteps) {
  llm.reply("Hello.");
  llm.reply("```json\n{\"score\": 6, \"advice\": \"anchor higher\"}\n```");
  ASSERT_TRUE(run_on_loop(pipeline.run_turn("c1", "Hi")).has_value());
  auto out = run_on_loop(pipeline.run_debrief("c1"));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->score_json, "{\"score\": 6, \"advice\": \"anchor higher\"}");
  EXPECT_EQ(llm.requests[1].agent, "coach");
  EXPECT_NE(llm.requests[1].messages[0].content.find("Trainee: Hi"), std::string::npos);
  EXPECT_EQ(span("pipeline.debrief").trace.pipeline, "debrief");
  EXPECT_EQ(span("coach.parse").status, trace::SpanStatus::ok);
  // The debrief is kept apart: the counterpart's history has only the negotiation.
  auto saved = conversations.load("c1");
  EXPECT_EQ(saved->messages.size(), 2u);
  EXPECT_FALSE(saved->debrief.empty());
}

TEST_F(PipelineTest, ACoachAnswerWithoutJsonIsAParseErrorOnItsSpan) {
  llm.reply("You did great!");
  auto out = run_on_loop(pipeline.run_debrief("c1"));
  ASSERT_TRUE(out.has_value());
  EXPECT_TRUE(out->score_json.empty());
  EXPECT_NE(out->parse_error.find("coach.bad_json"), std::string::npos);
  EXPECT_EQ(span("coach.parse").status, trace::SpanStatus::error);
}

TEST_F(PipelineTest, WithoutATracerThePipelineRunsAndRecordsNothing) {
  Pipeline p(test_deal(), {llm, conversations, replies, clock, nullptr, nullptr});
  llm.reply("Hello.");
  ASSERT_TRUE(run_on_loop(p.run_turn("c2", "Hi")).has_value());
  EXPECT_TRUE(sink.spans.empty());
}

}  // namespace
}  // namespace dq::pipeline
