// How the fake Telegram server counts flood-limit violations (fake_telegram_rate.hpp), on explicit times.
#include "tests/support/fake_telegram_rate.hpp"

#include <gtest/gtest.h>

namespace dq::testing {
namespace {

using namespace std::chrono_literals;
const TgRateWatch::TimePoint t0{};

TEST(TgRateWatch, AChatMayBurstThreeMessagesThenOnePerSecond) {
  TgRateWatch w;
  EXPECT_TRUE(w.message(7, t0));
  EXPECT_TRUE(w.message(7, t0 + 10ms));
  EXPECT_TRUE(w.message(7, t0 + 20ms));
  EXPECT_FALSE(w.message(7, t0 + 30ms)) << "a fourth message at once";
  EXPECT_FALSE(w.message(7, t0 + 990ms));
  EXPECT_TRUE(w.message(7, t0 + 1000ms)) << "one interval after the first";
  EXPECT_FALSE(w.message(7, t0 + 1500ms));
  EXPECT_TRUE(w.message(7, t0 + 2000ms));
  EXPECT_TRUE(w.message(8, t0 + 2000ms)) << "other chats have limits of their own";
  EXPECT_EQ(w.counts().messages, 9);
  EXPECT_EQ(w.counts().violations, 3);
  EXPECT_EQ(w.counts().per_chat, 3);
  EXPECT_EQ(w.counts().global, 0);
}

TEST(TgRateWatch, AnIdleChatEarnsItsBurstBack) {
  TgRateWatch w;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(w.message(7, t0 + i * 1ms));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(w.message(7, t0 + 10s + i * 1ms));
  EXPECT_EQ(w.counts().violations, 0);
}

TEST(TgRateWatch, MoreThanThirtyMessagesInAnyOneSecondOverallAreViolations) {
  TgRateWatch w;
  for (int i = 0; i < 30; ++i) EXPECT_TRUE(w.message(i, t0 + i * 10ms));  // 30 chats, 0..290 ms
  EXPECT_FALSE(w.message(100, t0 + 999ms)) << "the 31st within a second";
  EXPECT_TRUE(w.message(101, t0 + 1000ms)) << "the first has left the window";
  EXPECT_FALSE(w.message(102, t0 + 1005ms));
  EXPECT_TRUE(w.message(103, t0 + 1010ms));
  EXPECT_EQ(w.counts().global, 2);
  EXPECT_EQ(w.counts().per_chat, 0);
  EXPECT_EQ(w.counts().violations, 2);
  EXPECT_EQ(w.counts().peak_global, 32) << "the refused ones arrived too (10 ms to 1005 ms)";
}

TEST(TgRateWatch, ThirtyASecondSpreadEvenlyNeverViolates) {
  TgRateWatch w;
  for (int i = 0; i < 3000; ++i) w.message(i % 1000, t0 + i * 33'334us);
  EXPECT_EQ(w.counts().violations, 0);
  EXPECT_EQ(w.counts().peak_global, 30);
}

TEST(TgRateWatch, AMessageOverBothLimitsIsOneViolationCountedUnderEach) {
  TgRateWatch w({.per_chat_interval = 1s, .per_chat_burst = 1, .global_per_window = 1, .global_window = 1s});
  EXPECT_TRUE(w.message(7, t0));
  EXPECT_FALSE(w.message(7, t0 + 1ms));
  EXPECT_EQ(w.counts().violations, 1);
  EXPECT_EQ(w.counts().per_chat, 1);
  EXPECT_EQ(w.counts().global, 1);
}

}  // namespace
}  // namespace dq::testing
