#include "cli/render/live_status.hpp"

#include <gtest/gtest.h>

namespace dq::render {
namespace {

TEST(LiveStatus, SaysDoneOfTotalPassedFailedCallsSpendAndElapsedTime) {
  LiveCounts c;
  c.done = 3;
  c.total = 7;
  c.passed = 2;
  c.failed = 1;
  c.llm_calls = 14;
  c.spent_usd = 0.0123;
  c.elapsed_us = 12'345'678;
  EXPECT_EQ(live_status_line(c), "3/7 scenarios · 2 passed · 1 failed · 14 calls · $0.0123 · 12.35 s");
}

TEST(LiveStatus, ALiveRunShowsItsSpendAgainstTheCap) {
  LiveCounts c;
  c.total = 2;
  c.llm_calls = 1;
  c.spent_usd = 0.004;
  c.cap_usd = 0.5;
  c.elapsed_us = 800;
  EXPECT_EQ(live_status_line(c),
            "0/2 scenarios · 0 passed · 0 failed · 1 call · $0.0040 of $0.50 cap · 800 µs");
}

}  // namespace
}  // namespace dq::render
