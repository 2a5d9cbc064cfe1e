#include "bot/trace/trace_io.hpp"

#include <gtest/gtest.h>

#include "bot/trace/span.hpp"
#include "bot/trace/tracer.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/recording_span_sink.hpp"

namespace dq::trace {
namespace {

// A trace id the sampler keeps (or not) at `rate`.
core::TraceId id_with(bool sampled, double rate) {
  for (;;) {
    const core::TraceId id = core::new_trace_id(1'700'000'000'000);
    if (io_sampled(id, rate) == sampled) return id;
  }
}

struct TraceIoTest : ::testing::Test {
  testing::FakeClock clock;
  testing::RecordingSpanSink sink;
  Tracer tracer{clock, sink, 0.10};

  // One turn: a context step without I/O, an LLM step with I/O, then `last` (failing when asked), then root.
  void run_turn(bool sampled, bool fail_last, bool fail_root = false) {
    TaskContext ctx{&tracer, id_with(sampled, tracer.io_sample()), {}};
    ContextGuard guard(&ctx);
    Span root = Span::root("pipeline.turn", {"", "turn", "s", 1, "u", "c"});
    { Span load("ctx.load"); }
    {
      Span llm("llm.counterpart");
      llm.set_io(R"({"messages":[]})", "12,000 is my floor.");
    }
    EXPECT_EQ(sink.spans.size(), sampled ? 2u : 1u) << "an unsampled trace holds its I/O spans back";
    {
      Span last("llm.coach");
      last.set_io(R"({"messages":[{"role":"user","content":"hi"}]})", fail_last ? "" : "tip");
      if (fail_last) last.fail("llm.timeout: no answer in 120 s");
    }
    if (fail_root) root.fail("pipeline.failed: x");
    root.end();
  }

  std::size_t spans_with_io() const {
    std::size_t n = 0;
    for (const SpanRecord& s : sink.spans) n += !s.input.empty() || !s.output.empty();
    return n;
  }
};

TEST_F(TraceIoTest, ASampledTraceKeepsAllItsIoAndSaysSo) {
  run_turn(/*sampled=*/true, /*fail_last=*/false);
  ASSERT_EQ(sink.spans.size(), 4u);
  EXPECT_EQ(spans_with_io(), 2u);
  EXPECT_EQ(sink.spans.back().name, "pipeline.turn");
  EXPECT_EQ(sink.spans.back().io_kept, IoKept::all);
}

TEST_F(TraceIoTest, AnUnsampledTraceWithoutFailuresKeepsNoIoButEverySpan) {
  run_turn(/*sampled=*/false, /*fail_last=*/false);
  ASSERT_EQ(sink.spans.size(), 4u);
  EXPECT_EQ(spans_with_io(), 0u);
  EXPECT_NE(sink.find("llm.counterpart"), nullptr);
  EXPECT_EQ(sink.spans.back().io_kept, IoKept::none);
}

TEST_F(TraceIoTest, AFailureKeepsTheIoOfSpansThatEndedBeforeIt) {
  run_turn(/*sampled=*/false, /*fail_last=*/true);
  ASSERT_EQ(sink.spans.size(), 4u);
  EXPECT_EQ(spans_with_io(), 2u);
  EXPECT_EQ(sink.find("llm.counterpart")->output, "12,000 is my floor.");
  EXPECT_EQ(sink.spans.back().io_kept, IoKept::error);
}

TEST_F(TraceIoTest, AFailedRootKeepsTheWholeTracesIo) {
  run_turn(/*sampled=*/false, /*fail_last=*/false, /*fail_root=*/true);
  EXPECT_EQ(spans_with_io(), 2u);
  EXPECT_EQ(sink.spans.back().io_kept, IoKept::error);
}

TEST_F(TraceIoTest, WorkThatOutlivesItsRootFollowsTheDecision) {
  TaskContext ctx{&tracer, id_with(false, tracer.io_sample()), {}};
  ContextGuard guard(&ctx);
  Span root = Span::root("pipeline.turn", {"", "turn", "s", 1, "u", "c"});
  Span late("llm.coach");
  late.set_io("in", "out");
  root.end();
  late.end();
  ASSERT_EQ(sink.spans.size(), 2u);
  EXPECT_EQ(sink.spans[1].name, "llm.coach");
  EXPECT_TRUE(sink.spans[1].input.empty());
  EXPECT_TRUE(sink.spans[1].output.empty());
}

TEST(IoSampled, IsTheSameForTheSameIdAndKeepsAboutTheShareAsked) {
  int kept = 0;
  constexpr int kTraces = 20'000;
  for (int i = 0; i < kTraces; ++i) {
    const core::TraceId id = core::new_trace_id(1'700'000'000'000 + i);
    const bool first = io_sampled(id, 0.10);
    EXPECT_EQ(first, io_sampled(id, 0.10));
    kept += first;
  }
  // 10% of 20,000 is 2,000; 5 standard deviations (about 42 each) either side.
  EXPECT_GT(kept, 1790);
  EXPECT_LT(kept, 2210);
  EXPECT_TRUE(io_sampled(core::new_trace_id(0), 1.0));
  EXPECT_FALSE(io_sampled(core::new_trace_id(0), 0.0));
}

}  // namespace
}  // namespace dq::trace
