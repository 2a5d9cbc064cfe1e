#include "bot/core/ids.hpp"

#include <gtest/gtest.h>

#include <set>

namespace dq::core {
namespace {

TEST(Ids, TraceAndSpanIdsAreValidHexOfW3CSizesAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 10'000; ++i) {
    auto t = new_trace_id(1'795'000'000'000 + i);
    auto s = new_span_id();
    ASSERT_TRUE(t.valid() && s.valid());
    ASSERT_EQ(t.hex().size(), 32u);
    ASSERT_EQ(s.hex().size(), 16u);
    ASSERT_TRUE(seen.insert(s.hex()).second);
  }
  EXPECT_EQ(SpanId{}.hex(), "");
  EXPECT_EQ((TraceId{0, 255}).hex(), "000000000000000000000000000000ff");
}

TEST(Ids, RunIdsStartWithTheUtcTimeSoTheySortByTime) {
  const std::string id = new_run_id(1'795'000'000'000);  // 2026-11-18T...
  EXPECT_EQ(id.rfind("20261118T", 0), 0u) << id;
  EXPECT_EQ(id.size(), std::string("20261118T000000Z-abcdef").size());
}

}  // namespace
}  // namespace dq::core

namespace dq::core {
namespace {

TEST(Ids, TraceIdsGrowWithTimeSoStoresAppendToTheirIndexes) {
  for (int i = 0; i < 100; ++i) {  // the random low bits never reorder ids one millisecond apart
    const TraceId a = new_trace_id(1'795'000'000'000);
    const TraceId b = new_trace_id(1'795'000'000'001);
    ASSERT_LT(a.hex(), b.hex());
  }
}

TEST(Ids, TraceIdsCarryTheGivenWallTimeInTheirHigh48Bits) {
  const TraceId t = new_trace_id(1'795'000'000'123);
  EXPECT_EQ(t.hi >> 16, 1'795'000'000'123u);
}

}  // namespace
}  // namespace dq::core
