#include "bot/trace/span.hpp"

#include <gtest/gtest.h>

#include "bot/trace/tracer.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/recording_span_sink.hpp"

namespace dq::trace {
namespace {

struct SpanTest : ::testing::Test {
  testing::FakeClock clock;
  testing::RecordingSpanSink sink;
  Tracer tracer{clock, sink};
  TaskContext ctx{&tracer, core::new_trace_id(clock.wall_ms()), {}};
};

TEST_F(SpanTest, OutsideAnyTaskIsANoOpAndRecordsNothing) {
  {
    Span s("ctx.load");
    EXPECT_FALSE(s.active());
    s.fail("x");
  }
  EXPECT_TRUE(sink.spans.empty());
}

TEST_F(SpanTest, DurationComesFromTheInjectedClockExactly) {
  ContextGuard guard(&ctx);
  Span root = Span::root(
      "pipeline.turn",
      {.run_id = "r1", .pipeline = "turn", .scenario = "s", .turn = 2, .user_id = "", .chat_id = ""});
  clock.advance_us(250);
  {
    Span step("llm.counterpart");
    clock.advance_us(1500);
    step.set_llm("anthropic", "claude-haiku-4-5", 120, 40, 0.0003);
  }
  clock.advance_us(50);
  root.end();

  ASSERT_EQ(sink.spans.size(), 2u);
  const SpanRecord& step = sink.spans[0];
  const SpanRecord& r = sink.spans[1];
  EXPECT_EQ(step.name, "llm.counterpart");
  EXPECT_EQ(step.duration_us, 1500);
  EXPECT_EQ(step.parent_id, r.span_id);
  EXPECT_EQ(step.trace_id, ctx.trace_id);
  EXPECT_EQ(step.model, "claude-haiku-4-5");
  EXPECT_EQ(step.input_tokens, 120);
  EXPECT_EQ(step.output_tokens, 40);
  EXPECT_EQ(r.duration_us, 1800);
  EXPECT_TRUE(r.is_root());
  EXPECT_EQ(r.trace.run_id, "r1");
  EXPECT_EQ(r.trace.turn, 2);
  EXPECT_EQ(r.start_ms, clock.wall_ms() - 1);  // wall time at start: 1.8 ms ago, in whole ms
}

TEST_F(SpanTest, StartsAreMicrosecondsFromTheRootsWallStartAdvancedByTheSteadyClock) {
  ContextGuard guard(&ctx);
  clock.advance_us(700);  // the wall clock is 0.7 ms into a millisecond: ms starts would all be equal
  Span root = Span::root("pipeline.turn", {});
  clock.advance_us(40);
  { Span a("ctx.load"); }
  clock.advance_us(130);
  { Span b("llm.counterpart"); }
  root.end();
  ASSERT_EQ(sink.spans.size(), 3u);
  const SpanRecord& a = sink.spans[0];
  const SpanRecord& b = sink.spans[1];
  const SpanRecord& r = sink.spans[2];
  EXPECT_EQ(r.start_us, r.start_ms * 1000) << "the root's wall start, in whole ms";
  EXPECT_EQ(a.start_us - r.start_us, 40);
  EXPECT_EQ(b.start_us - r.start_us, 170);
  EXPECT_EQ(a.start_ms, b.start_ms) << "the same millisecond: only start_us tells them apart";
}

TEST_F(SpanTest, NestedSpansRestoreTheirParentAsCurrentWhenTheyEnd) {
  ContextGuard guard(&ctx);
  Span root = Span::root("pipeline.turn", {});
  {
    Span a("ctx.load");
    EXPECT_EQ(ctx.current, a.id());
    {
      Span b("db.save");
      EXPECT_EQ(ctx.current, b.id());
    }
    EXPECT_EQ(ctx.current, a.id());
  }
  EXPECT_EQ(ctx.current, root.id());
  root.end();
  EXPECT_FALSE(ctx.current.valid());
}

TEST_F(SpanTest, FailMarksTheSpanAsErrorWithItsMessage) {
  ContextGuard guard(&ctx);
  {
    Span root = Span::root("pipeline.turn", {});
    Span s("llm.counterpart");
    s.fail("llm.timeout: no answer in 30 s");
  }
  ASSERT_EQ(sink.spans.size(), 2u);
  EXPECT_EQ(sink.spans[0].status, SpanStatus::error);
  EXPECT_EQ(sink.spans[0].error, "llm.timeout: no answer in 30 s");
  EXPECT_EQ(sink.spans[1].status, SpanStatus::ok);
}

TEST_F(SpanTest, EndIsIdempotentAndAMovedFromSpanRecordsNothing) {
  ContextGuard guard(&ctx);
  Span root = Span::root("pipeline.turn", {});
  Span moved = std::move(root);
  root.end();
  moved.end();
  moved.end();
  EXPECT_EQ(sink.spans.size(), 1u);
}

}  // namespace
}  // namespace dq::trace
