#include "bot/telegram/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

namespace dq::telegram {
namespace {

using namespace std::chrono_literals;
using TP = RateLimiter::TimePoint;

const TP kT0 = TP(1000s);

TEST(RateLimiter, LetsABurstThroughThenSpacesAChatToItsInterval) {
  RateLimiter limiter(RateLimits{1s, 3, 0us});
  EXPECT_EQ(limiter.reserve(1, kT0), kT0);
  EXPECT_EQ(limiter.reserve(1, kT0), kT0);
  EXPECT_EQ(limiter.reserve(1, kT0), kT0);
  EXPECT_EQ(limiter.reserve(1, kT0), kT0 + 1s) << "the burst of 3 is used up";
  EXPECT_EQ(limiter.reserve(1, kT0), kT0 + 2s);
  EXPECT_EQ(limiter.reserve(2, kT0), kT0) << "another chat has its own allowance";
}

TEST(RateLimiter, RecoversItsBurstAfterAQuietPeriod) {
  RateLimiter limiter(RateLimits{1s, 2, 0us});
  limiter.reserve(7, kT0);
  limiter.reserve(7, kT0);
  EXPECT_EQ(limiter.reserve(7, kT0 + 10s), kT0 + 10s);
  EXPECT_EQ(limiter.reserve(7, kT0 + 10s), kT0 + 10s);
  EXPECT_EQ(limiter.reserve(7, kT0 + 10s), kT0 + 11s);
}

TEST(RateLimiter, HoldsAllChatsToTheGlobalRate) {
  RateLimiter limiter(RateLimits{1s, 1, 100ms});  // 10/s overall
  EXPECT_EQ(limiter.reserve(1, kT0), kT0);
  EXPECT_EQ(limiter.reserve(2, kT0), kT0 + 100ms);
  EXPECT_EQ(limiter.reserve(3, kT0), kT0 + 200ms);
  EXPECT_EQ(limiter.reserve(4, kT0 + 250ms), kT0 + 300ms);
  EXPECT_EQ(limiter.reserve(5, kT0 + 2s), kT0 + 2s) << "nothing reserved near then";
}

TEST(RateLimiter, AMessageWaitingForItsChatTakesAFreeSlotThenAndLetsOtherChatsGoFirst) {
  RateLimiter limiter(RateLimits{1s, 1, 100ms});
  EXPECT_EQ(limiter.reserve(1, kT0), kT0);
  EXPECT_EQ(limiter.reserve(1, kT0 + 10ms), kT0 + 1s) << "its chat's next slot";
  EXPECT_EQ(limiter.reserve(2, kT0 + 20ms), kT0 + 100ms) << "not held behind chat 1";
  for (int chat = 3; chat < 11; ++chat) limiter.reserve(chat, kT0 + 20ms);  // 200 ms .. 900 ms
  EXPECT_EQ(limiter.reserve(11, kT0 + 20ms), kT0 + 1100ms) << "1 s is taken by chat 1: no two leave together";
}

// What Telegram checks is the departures, so check them: whatever the order of reservations, no two
// messages leave closer than the global interval, and no chat exceeds its burst and rate.
TEST(RateLimiter, NoTwoDeparturesAreCloserThanTheGlobalInterval) {
  RateLimiter limiter(RateLimits{1s, 3, 35ms});
  std::vector<TP> all;
  std::map<int, std::vector<TP>> per_chat;
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  TP now = kT0;
  for (int i = 0; i < 5000; ++i) {
    now += std::chrono::microseconds(next() % 40'000);
    const int chat = static_cast<int>(next() % 50);
    const TP at = limiter.reserve(chat, now);
    EXPECT_GE(at, now);
    all.push_back(at);
    per_chat[chat].push_back(at);
  }
  std::sort(all.begin(), all.end());
  for (std::size_t i = 1; i < all.size(); ++i) ASSERT_GE(all[i] - all[i - 1], 35ms) << "at " << i;
  for (auto& [chat, times] : per_chat) {
    std::sort(times.begin(), times.end());
    for (std::size_t i = 3; i < times.size(); ++i)
      ASSERT_GE(times[i] - times[i - 3], 1s) << "chat " << chat;  // a burst of 3, then 1/s
  }
  EXPECT_LT(limiter.reserved_slots(), 5000u) << "slots in the past are forgotten";
}

TEST(RateLimiter, APausedChatWaitsUntilTheRetryTimeWhateverItsBurst) {
  RateLimiter limiter(RateLimits{1s, 5, 0us});
  limiter.pause_chat(9, kT0 + 35s);
  EXPECT_EQ(limiter.reserve(9, kT0), kT0 + 35s);
  EXPECT_EQ(limiter.reserve(8, kT0), kT0) << "other chats are not paused";
  limiter.pause_all(kT0 + 3s);
  EXPECT_GE(limiter.reserve(8, kT0), kT0 + 3s);
}

TEST(RateLimiter, ForgetsIdleChats) {
  RateLimiter limiter(RateLimits{1ms, 1, 1us});
  for (int i = 0; i < 5000; ++i) limiter.reserve(i, kT0 + std::chrono::milliseconds(i * 10));
  EXPECT_LT(limiter.tracked_chats(), 1100u) << "chats whose allowance is full again are dropped";
}

}  // namespace
}  // namespace dq::telegram
