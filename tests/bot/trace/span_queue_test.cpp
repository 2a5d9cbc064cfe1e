#include "bot/trace/span_queue.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

namespace dq::trace {
namespace {

// Keeps what it is given; can be made to block (to fill the queue) or to fail.
class ControllableSink final : public TraceSink {
 public:
  core::Result<void> write_batch(std::span<const SpanRecord> spans) override {
    std::unique_lock lock(mutex);
    ++batches;
    cv.notify_all();  // a test may be waiting for the writer to arrive here
    cv.wait(lock, [&] { return !blocked; });
    if (failing) return core::fail("store.io", "", "disk full");
    for (const auto& s : spans) names.push_back(s.name);
    return {};
  }
  void block() {
    std::lock_guard lock(mutex);
    blocked = true;
  }
  void unblock() {
    {
      std::lock_guard lock(mutex);
      blocked = false;
    }
    cv.notify_all();
  }
  // Returns once the writer thread has taken a batch (and, if blocked, is held in write_batch).
  void wait_for_a_batch() {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return batches > 0; });
  }
  std::size_t written() {
    std::lock_guard lock(mutex);
    return names.size();
  }

  std::mutex mutex;
  std::condition_variable cv;
  bool blocked = false;
  bool failing = false;
  int batches = 0;
  std::vector<std::string> names;
};

SpanRecord span_named(std::string name) {
  SpanRecord r;
  r.name = std::move(name);
  return r;
}

TEST(SpanQueue, StopDrainsEverySubmittedSpan) {
  ControllableSink sink;
  SpanQueue queue(sink,
                  {.capacity = 100'000, .batch_size = 64, .flush_interval = std::chrono::milliseconds(100)});
  for (int i = 0; i < 5000; ++i) queue.submit(span_named("s" + std::to_string(i)));
  queue.stop();
  EXPECT_EQ(sink.written(), 5000u);
  EXPECT_EQ(sink.names.front(), "s0");
  EXPECT_EQ(sink.names.back(), "s4999");
  const auto stats = queue.stats();
  EXPECT_EQ(stats.submitted, 5000u);
  EXPECT_EQ(stats.written, 5000u);
  EXPECT_EQ(stats.dropped, 0u);
}

TEST(SpanQueue, DropsAndCountsSpansWhenFullInsteadOfBlocking) {
  ControllableSink sink;
  sink.block();
  SpanQueue queue(sink, {.capacity = 10, .batch_size = 1, .flush_interval = std::chrono::milliseconds(1)});
  // The first span goes to the (blocked) writer; wait until it has taken it so the count below is exact.
  queue.submit(span_named("first"));
  sink.wait_for_a_batch();
  for (int i = 0; i < 15; ++i) queue.submit(span_named("more"));
  EXPECT_EQ(queue.stats().dropped, 5u);
  sink.unblock();
  queue.stop();
  EXPECT_EQ(sink.written(), 11u);
  EXPECT_EQ(queue.stats().written, 11u);
}

TEST(SpanQueue, FlushReturnsOnceEverythingSubmittedIsInTheSink) {
  ControllableSink sink;
  SpanQueue queue(sink, {.capacity = 1000, .batch_size = 500, .flush_interval = std::chrono::seconds(10)});
  for (int i = 0; i < 7; ++i) queue.submit(span_named("x"));
  queue.flush();
  EXPECT_EQ(sink.written(), 7u);
}

TEST(SpanQueue, CountsSpansTheSinkRejectedAndKeepsItsError) {
  ControllableSink sink;
  sink.failing = true;
  SpanQueue queue(sink);
  for (int i = 0; i < 3; ++i) queue.submit(span_named("x"));
  queue.stop();
  const auto stats = queue.stats();
  EXPECT_EQ(stats.write_failed, 3u);
  EXPECT_EQ(stats.written, 0u);
  EXPECT_NE(stats.last_error.find("[store.io]"), std::string::npos);
}

TEST(SpanQueue, SubmitAfterStopIsDroppedAndCounted) {
  ControllableSink sink;
  SpanQueue queue(sink);
  queue.stop();
  queue.submit(span_named("late"));
  EXPECT_EQ(queue.stats().dropped, 1u);
  EXPECT_EQ(sink.written(), 0u);
}

}  // namespace
}  // namespace dq::trace
