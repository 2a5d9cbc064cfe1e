#include "cli/cost/budget.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace dq::cost {
namespace {

TEST(Budget, ReservesWorstCasesAndSettlesActualCosts) {
  Budget b(1.0);
  auto r1 = b.reserve(0.6);
  ASSERT_TRUE(r1);
  EXPECT_FALSE(b.reserve(0.5));  // 0.6 reserved + 0.5 > 1.0
  EXPECT_EQ(b.refused(), 1);
  b.settle(*r1, 0.1);
  EXPECT_DOUBLE_EQ(b.spent(), 0.1);
  EXPECT_DOUBLE_EQ(b.reserved(), 0.0);
  auto r2 = b.reserve(0.9);  // exactly at the cap: allowed
  ASSERT_TRUE(r2);
  b.release(*r2);
  EXPECT_DOUBLE_EQ(b.reserved(), 0.0);
  EXPECT_DOUBLE_EQ(b.spent(), 0.1);
}

TEST(Budget, WithoutACapNothingIsRefused) {
  Budget b;
  EXPECT_TRUE(b.reserve(1e9));
  EXPECT_FALSE(b.cap());
}

TEST(Budget, ConcurrentCallersNeverCrossTheCap) {
  Budget b(5.0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10'000; ++i) {
        if (auto r = b.reserve(0.01)) {
          EXPECT_LE(b.spent() + b.reserved(), 5.0 + 1e-9);
          b.settle(*r, 0.001);
        }
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_LE(b.spent(), 5.0 + 1e-9);
  EXPECT_DOUBLE_EQ(b.reserved() + 1.0, 1.0);
}

}  // namespace
}  // namespace dq::cost
