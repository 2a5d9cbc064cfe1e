#include "bot/telegram/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace dq::telegram {
namespace {

using namespace std::chrono_literals;
using TP = RateLimiter::TimePoint;

const TP kT0 = TP(1000s);

TEST(RateLimiter, LetsABurstThroughThenSpacesAChatToItsInterval) {
  RateLimiter limiter(RateLimits{1s, 3, 1ms, 1000});
  EXPECT_EQ(limiter.reserve(1, kT0), kT0);
  EXPECT_EQ(limiter.reserve(1, kT0), kT0);
  EXPECT_EQ(limiter.reserve(1, kT0), kT0);
  EXPECT_EQ(limiter.reserve(1, kT0), kT0 + 1s) << "the burst of 3 is used up";
  EXPECT_EQ(limiter.reserve(1, kT0), kT0 + 2s);
  EXPECT_EQ(limiter.reserve(2, kT0), kT0) << "another chat has its own allowance";
}

TEST(RateLimiter, RecoversItsBurstAfterAQuietPeriod) {
  RateLimiter limiter(RateLimits{1s, 2, 1ms, 1000});
  limiter.reserve(7, kT0);
  limiter.reserve(7, kT0);
  EXPECT_EQ(limiter.reserve(7, kT0 + 10s), kT0 + 10s);
  EXPECT_EQ(limiter.reserve(7, kT0 + 10s), kT0 + 10s);
  EXPECT_EQ(limiter.reserve(7, kT0 + 10s), kT0 + 11s);
}

TEST(RateLimiter, HoldsAllChatsToTheGlobalRate) {
  RateLimiter limiter(RateLimits{1s, 1, 100ms, 2});  // 10/s overall, burst 2
  EXPECT_EQ(limiter.reserve(1, kT0), kT0);
  EXPECT_EQ(limiter.reserve(2, kT0), kT0);
  EXPECT_EQ(limiter.reserve(3, kT0), kT0 + 100ms);
  EXPECT_EQ(limiter.reserve(4, kT0), kT0 + 200ms);
}

TEST(RateLimiter, APausedChatWaitsUntilTheRetryTimeWhateverItsBurst) {
  RateLimiter limiter(RateLimits{1s, 5, 1ms, 1000});
  limiter.pause_chat(9, kT0 + 35s);
  EXPECT_EQ(limiter.reserve(9, kT0), kT0 + 35s);
  EXPECT_EQ(limiter.reserve(8, kT0), kT0) << "other chats are not paused";
  limiter.pause_all(kT0 + 3s);
  EXPECT_GE(limiter.reserve(8, kT0), kT0 + 3s);
}

TEST(RateLimiter, ForgetsIdleChats) {
  RateLimiter limiter(RateLimits{1ms, 1, 1us, 1'000'000});
  for (int i = 0; i < 5000; ++i) limiter.reserve(i, kT0 + std::chrono::milliseconds(i * 10));
  EXPECT_LT(limiter.tracked_chats(), 1100u) << "chats whose allowance is full again are dropped";
}

}  // namespace
}  // namespace dq::telegram
