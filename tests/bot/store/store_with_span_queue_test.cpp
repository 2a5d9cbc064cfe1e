// The span writer thread (trace::SpanQueue) draining into the store, as `dealquest-test run` uses them, on
// every backend.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "bot/trace/span_queue.hpp"
#include "tests/bot/store/span_fixtures.hpp"
#include "tests/bot/store/store_backends.hpp"

namespace dq::store {
namespace {

using fixtures::make_trace;

using StoreWithSpanQueue = fixtures::StoreBackend;

TEST_P(StoreWithSpanQueue, StopDrainsTenThousandSubmittedSpansIntoTheFile) {
  ASSERT_TRUE(store->begin_run(fixtures::make_run("r1")).has_value());

  trace::SpanQueue queue(
      *store, {.capacity = 100'000, .batch_size = 500, .flush_interval = std::chrono::milliseconds(20)});
  for (int t = 0; t < 2000; ++t)
    for (auto& span : make_trace("r1", 4)) queue.submit(std::move(span));
  queue.stop();

  const auto stats = queue.stats();
  EXPECT_EQ(stats.submitted, 10'000u);
  EXPECT_EQ(stats.written, 10'000u);
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(stats.write_failed, 0u) << stats.last_error;
  EXPECT_EQ(rows("spans"), 10'000);
  EXPECT_EQ(rows("traces"), 2'000);
  EXPECT_EQ(rows("span_io"), 2'000);
  auto samples = store->step_samples("r1");
  ASSERT_TRUE(samples.has_value());
  EXPECT_EQ(samples->size(), 10'000u);
}

TEST_P(StoreWithSpanQueue, ReportsReadWhileTheWriterThreadWritesWithoutErrors) {
  ASSERT_TRUE(store->begin_run(fixtures::make_run("r1")).has_value());

  trace::SpanQueue queue(
      *store, {.capacity = 100'000, .batch_size = 200, .flush_interval = std::chrono::milliseconds(5)});
  std::atomic<bool> done{false};
  std::size_t last_seen = 0;
  std::thread reader([&] {
    while (!done.load()) {
      auto samples = store->step_samples("r1");
      ASSERT_TRUE(samples.has_value()) << samples.error().to_string();
      EXPECT_GE(samples->size(), last_seen);  // committed batches never disappear
      last_seen = samples->size();
    }
  });
  for (int t = 0; t < 1000; ++t) {
    for (auto& span : make_trace("r1", 4)) queue.submit(std::move(span));
    if (t % 100 == 0) std::this_thread::yield();
  }
  queue.stop();
  done = true;
  reader.join();
  EXPECT_EQ(queue.stats().written, 5'000u) << queue.stats().last_error;
  EXPECT_EQ(rows("spans"), 5'000);
}

DQ_ON_EVERY_BACKEND(StoreWithSpanQueue);

}  // namespace
}  // namespace dq::store
