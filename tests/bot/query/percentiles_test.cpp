#include "bot/query/percentiles.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

namespace dq::query {
namespace {

TEST(Percentiles, OneToOneHundredGivesTheRankItself) {
  std::vector<std::int64_t> v(100);
  std::iota(v.begin(), v.end(), 1);
  std::shuffle(v.begin(), v.end(), std::mt19937(7));
  const Percentiles p = percentiles(v);
  EXPECT_EQ(p.p50, 50);
  EXPECT_EQ(p.p95, 95);
  EXPECT_EQ(p.p99, 99);
}

TEST(Percentiles, TwentyValuesUseTheNearestRankRoundedUp) {
  // ranks: p50 -> ceil(10) = 10th, p95 -> ceil(19) = 19th, p99 -> ceil(19.8) = 20th.
  std::vector<std::int64_t> v;
  for (int i = 20; i >= 1; --i) v.push_back(i * 10);
  const Percentiles p = percentiles(v);
  EXPECT_EQ(p.p50, 100);
  EXPECT_EQ(p.p95, 190);
  EXPECT_EQ(p.p99, 200);
}

TEST(Percentiles, EveryReportedValueIsOneThatWasMeasured) {
  const Percentiles p = percentiles({1000, 3, 7});
  EXPECT_EQ(p.p50, 7);  // rank ceil(1.5) = 2
  EXPECT_EQ(p.p95, 1000);
  EXPECT_EQ(p.p99, 1000);
}

TEST(Percentiles, ASingleValueIsEveryPercentile) {
  const Percentiles p = percentiles({42});
  EXPECT_EQ(p.p50, 42);
  EXPECT_EQ(p.p95, 42);
  EXPECT_EQ(p.p99, 42);
}

TEST(Percentiles, NoValuesGiveZero) {
  const Percentiles p = percentiles({});
  EXPECT_EQ(p.p50, 0);
  EXPECT_EQ(p.p95, 0);
  EXPECT_EQ(p.p99, 0);
  EXPECT_EQ(nearest_rank({}, 50), 0);
}

TEST(Percentiles, NearestRankClampsThePercentToOneThroughHundred) {
  const std::vector<std::int64_t> sorted{1, 2, 3, 4};
  EXPECT_EQ(nearest_rank(sorted, 0), 1);
  EXPECT_EQ(nearest_rank(sorted, 1), 1);
  EXPECT_EQ(nearest_rank(sorted, 25), 1);
  EXPECT_EQ(nearest_rank(sorted, 26), 2);
  EXPECT_EQ(nearest_rank(sorted, 100), 4);
  EXPECT_EQ(nearest_rank(sorted, 250), 4);
}

}  // namespace
}  // namespace dq::query
