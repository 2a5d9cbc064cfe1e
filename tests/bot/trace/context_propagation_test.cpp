// The trace context travels with each pipeline on the event loop, without being passed as an argument,
// across every co_await, and into work a step spawns.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <random>

#include "bot/trace/context_executor.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/recording_span_sink.hpp"
#include "tests/support/run_loop.hpp"

namespace dq::trace {
namespace {

namespace asio = boost::asio;

asio::awaitable<void> sleep_us(int us) {
  auto ex = co_await asio::this_coro::executor;
  asio::steady_timer t(ex, std::chrono::microseconds(us));
  co_await t.async_wait(asio::use_awaitable);
}

// A step that awaits, nests a span, and spawns a child that records a span after its parent step has ended.
asio::awaitable<void> pipeline_body(int id, std::vector<int> delays) {
  for (int step = 0; step < 3; ++step) {
    Span s("p" + std::to_string(id) + ".step" + std::to_string(step));
    co_await sleep_us(delays[step]);
    {
      Span inner("p" + std::to_string(id) + ".step" + std::to_string(step) + ".inner");
      co_await sleep_us(delays[step + 3]);
    }
    if (step == 1) {
      auto ex = co_await asio::this_coro::executor;
      auto child = [](int pid, int d) -> asio::awaitable<void> {
        co_await sleep_us(d);
        Span spawned("p" + std::to_string(pid) + ".spawned");
        co_await sleep_us(d);
      }(id, delays[6]);
      spawn_child(ex, std::move(child), [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
    }
  }
}

TEST(ContextPropagation, TwoHundredInterleavedPipelinesKeepTheirOwnTraceAndParents) {
  constexpr int kPipelines = 250;
  testing::RecordingSpanSink sink;
  testing::FakeClock clock;  // span times do not matter here; the interleaving comes from real timers
  Tracer tracer(clock, sink);
  asio::io_context io(1);
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> delay(0, 2000);

  for (int i = 0; i < kPipelines; ++i) {
    std::vector<int> delays(7);
    for (auto& d : delays) d = delay(rng);
    TraceAttributes attrs;
    attrs.scenario = "p" + std::to_string(i);
    asio::co_spawn(untraced(io.get_executor()),
                   in_new_trace(io.get_executor(), tracer, "pipeline.turn", attrs, pipeline_body(i, delays)),
                   [](std::exception_ptr e) {
                     if (e) std::rethrow_exception(e);
                   });
  }
  io.run();

  // Every pipeline: root + 3 steps + 3 inner + 1 spawned.
  ASSERT_EQ(sink.spans.size(), static_cast<std::size_t>(kPipelines * 8));
  std::map<std::string, const SpanRecord*> by_name;
  std::map<std::uint64_t, const SpanRecord*> by_id;
  std::map<std::string, const SpanRecord*> roots;  // scenario -> root
  for (const auto& s : sink.spans) {
    by_id[s.span_id.value] = &s;
    if (s.is_root()) {
      roots[s.trace.scenario] = &s;
    } else {
      ASSERT_TRUE(by_name.emplace(s.name, &s).second) << "duplicate span " << s.name;
    }
  }
  ASSERT_EQ(roots.size(), static_cast<std::size_t>(kPipelines));
  std::set<std::string> trace_ids;
  for (int i = 0; i < kPipelines; ++i) {
    const std::string p = "p" + std::to_string(i);
    const SpanRecord* root = roots.at(p);
    trace_ids.insert(root->trace_id.hex());
    for (int step = 0; step < 3; ++step) {
      const std::string name = p + ".step" + std::to_string(step);
      const SpanRecord* s = by_name.at(name);
      const SpanRecord* inner = by_name.at(name + ".inner");
      EXPECT_EQ(s->trace_id, root->trace_id) << name;
      EXPECT_EQ(s->parent_id, root->span_id) << name;
      EXPECT_EQ(inner->trace_id, root->trace_id) << name;
      EXPECT_EQ(inner->parent_id, s->span_id) << name;
    }
    const SpanRecord* spawned = by_name.at(p + ".spawned");
    EXPECT_EQ(spawned->trace_id, root->trace_id);
    EXPECT_EQ(spawned->parent_id, by_name.at(p + ".step1")->span_id);
  }
  EXPECT_EQ(trace_ids.size(), static_cast<std::size_t>(kPipelines));
}

TEST(ContextPropagation, CodeOutsideAnyTraceSeesNoContextAfterATracedChildCompletes) {
  testing::RecordingSpanSink sink;
  testing::FakeClock clock;  // span times do not matter here; the interleaving comes from real timers
  Tracer tracer(clock, sink);
  asio::io_context io(1);
  bool saw_context_after = true;
  // A named lambda: the coroutine refers to its captures until it ends.
  auto outside = [&]() -> asio::awaitable<void> {
    // Named, not temporaries: see the note on GCC 12 in context_executor.hpp.
    TraceAttributes attrs;
    auto ex = co_await asio::this_coro::executor;
    auto traced = in_new_trace(ex, tracer, "pipeline.turn", attrs, []() -> asio::awaitable<void> {
      Span s("ctx.load");
      co_await sleep_us(100);
    }());
    co_await std::move(traced);
    saw_context_after = current_context() != nullptr && current_context()->tracer != nullptr;
  };
  testing::run_to_completion(io, untraced(io.get_executor()), outside());
  EXPECT_FALSE(saw_context_after);
  EXPECT_EQ(sink.spans.size(), 2u);
}

TEST(ContextPropagation, AnExceptionInTheBodyFailsTheRootSpanAndPropagates) {
  testing::RecordingSpanSink sink;
  testing::FakeClock clock;  // span times do not matter here; the interleaving comes from real timers
  Tracer tracer(clock, sink);
  asio::io_context io(1);
  std::string caught;
  try {
    testing::run_to_completion(
        io, untraced(io.get_executor()),
        in_new_trace(io.get_executor(), tracer, "pipeline.turn", {}, []() -> asio::awaitable<int> {
          throw std::runtime_error("boom");
          co_return 1;
        }()));
  } catch (const std::exception& ex) {
    caught = ex.what();
  }
  EXPECT_EQ(caught, "boom");
  ASSERT_EQ(sink.spans.size(), 1u);
  EXPECT_EQ(sink.spans[0].status, SpanStatus::error);
  EXPECT_NE(sink.spans[0].error.find("boom"), std::string::npos);
}

}  // namespace
}  // namespace dq::trace
