#include "bot/cost/budget.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <limits>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace dq::cost {
namespace {

TEST(Budget, AReservationHoldsItsWorstCaseUntilSettledWithTheActualCost) {
  Budget b(1.0);
  auto r = b.reserve(0.25);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->amount, 0.25);
  EXPECT_EQ(b.reserved(), 0.25);
  EXPECT_EQ(b.spent(), 0.0);
  b.settle(*r, 0.05);
  EXPECT_EQ(b.reserved(), 0.0);
  EXPECT_EQ(b.spent(), 0.05);
}

TEST(Budget, AReleasedReservationCostsNothing) {
  Budget b(1.0);
  auto r = b.reserve(0.6);
  ASSERT_TRUE(r);
  b.release(*r);
  EXPECT_EQ(b.reserved(), 0.0);
  EXPECT_EQ(b.spent(), 0.0);
  EXPECT_TRUE(b.reserve(1.0)) << "the released amount is available again";
}

TEST(Budget, EachReservationHasItsOwnId) {
  Budget b;
  auto r1 = b.reserve(0.1);
  auto r2 = b.reserve(0.1);
  ASSERT_TRUE(r1 && r2);
  EXPECT_NE(r1->id, r2->id);
}

TEST(Budget, ReservedAndSpentMoneyBothCountAgainstTheCap) {
  Budget b(1.0);
  auto r1 = b.reserve(0.6);
  ASSERT_TRUE(r1);
  EXPECT_FALSE(b.reserve(0.5)) << "0.6 reserved + 0.5 > 1.0";
  b.settle(*r1, 0.3);
  EXPECT_FALSE(b.reserve(0.71)) << "0.3 spent + 0.71 > 1.0";
  EXPECT_TRUE(b.reserve(0.7));
  EXPECT_EQ(b.refused(), 2);
}

TEST(Budget, ACallExactlyAtTheCapIsAllowedAndOneNanoDollarMoreIsRefused) {
  Budget b(0.3);
  auto r1 = b.reserve(0.1);
  auto r2 = b.reserve(0.2);
  ASSERT_TRUE(r1 && r2) << "0.1 + 0.2 is exactly 0.3, whatever binary doubles say";
  EXPECT_FALSE(b.reserve(0.000000001));
  EXPECT_TRUE(b.reserve(0));
  b.settle(*r1, 0.1);
  b.settle(*r2, 0.2);
  EXPECT_FALSE(b.reserve(0.000000001));
  EXPECT_EQ(b.refused(), 2);
  EXPECT_DOUBLE_EQ(b.spent(), 0.3);
}

TEST(Budget, AnActualCostAboveTheReservationIsCountedAndBlocksLaterCalls) {
  Budget b(1.0);
  auto r = b.reserve(0.5);
  ASSERT_TRUE(r);
  b.settle(*r, 1.2);
  EXPECT_EQ(b.spent(), 1.2);
  EXPECT_FALSE(b.reserve(0));
}

TEST(Budget, SettlingOrReleasingTwiceChangesNothing) {
  Budget b(1.0);
  auto r = b.reserve(0.4);
  ASSERT_TRUE(r);
  b.settle(*r, 0.1);
  b.settle(*r, 0.1);
  b.release(*r);
  EXPECT_EQ(b.spent(), 0.1);
  EXPECT_EQ(b.reserved(), 0.0);
  auto other = b.reserve(0.2);
  ASSERT_TRUE(other);
  b.release(*r);
  EXPECT_EQ(b.reserved(), 0.2) << "a stale reservation cannot release someone else's";
}

TEST(Budget, AnActualCostThatIsNotANumberCountsAsTheWorstCase) {
  Budget b(1.0);
  auto r = b.reserve(0.4);
  ASSERT_TRUE(r);
  b.settle(*r, std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(b.spent(), 0.4);
}

TEST(Budget, AWorstCaseThatIsNegativeOrNotANumberIsRefused) {
  Budget b(1.0);
  EXPECT_FALSE(b.reserve(-0.1));
  EXPECT_FALSE(b.reserve(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_EQ(b.refused(), 2);
  EXPECT_EQ(b.reserved(), 0.0);
}

TEST(Budget, WithoutACapNothingIsRefused) {
  Budget b(std::nullopt);
  EXPECT_FALSE(b.cap());
  EXPECT_TRUE(b.reserve(1e9));
  EXPECT_TRUE(b.reserve(1e12));
  EXPECT_EQ(b.refused(), 0);
}

TEST(Budget, ANegativeOrNanCapRefusesEvenAFreeCall) {
  EXPECT_FALSE(Budget(-1.0).reserve(0));
  EXPECT_FALSE(Budget(std::numeric_limits<double>::quiet_NaN()).reserve(0));
  EXPECT_TRUE(Budget(0.0).reserve(0));
  EXPECT_FALSE(Budget(0.0).reserve(0.01));
}

TEST(Budget, EightThreadsReservingAndSettlingConcurrentlyNeverCrossTheCap) {
  constexpr double kCap = 5.0;
  Budget b(kCap);
  std::atomic<int> made{0};
  std::atomic<bool> crossed{false};
  std::latch start(8);  // all threads begin together, so they really contend
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < 10'000; ++i) {
        const double worst = 0.001 * (1 + (i + t) % 7);
        auto r = b.reserve(worst);
        if (!r) continue;
        // spent only grows and a settle moves at most the reserved amount into it, so this sum, read in
        // two steps, never shows more than was committed at some instant.
        if (b.spent() + b.reserved() > kCap + 1e-9) crossed = true;
        ++made;
        if (i % 5 == 0)
          b.release(*r);
        else
          b.settle(*r, worst / 2);
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_FALSE(crossed);
  EXPECT_LE(b.spent(), kCap);
  EXPECT_EQ(b.reserved(), 0.0) << "every reservation was settled or released: no drift";
  EXPECT_GT(made.load(), 0);
  EXPECT_GT(b.refused(), 0) << "the cap was reached";
  EXPECT_EQ(made.load() + b.refused(), 80'000);
  EXPECT_GE(b.spent(), kCap - 0.007) << "refusals only came once the cap was (nearly) reached";
}

// A ledger in memory, as the bot's state store keeps it.
class MapLedger final : public SpendLedger {
 public:
  std::int64_t load_spent(const std::string& period) override {
    ++loads;
    return saved.contains(period) ? saved[period] : 0;
  }
  void save_spent(const std::string& period, std::int64_t nanos) override { saved[period] = nanos; }
  std::map<std::string, std::int64_t> saved;
  int loads = 0;
};

TEST(Budget, APeriodicCapStartsFromWhatItsLedgerHoldsSoARestartDoesNotResetIt) {
  MapLedger ledger;
  std::string day = "2026-11-29";
  BudgetPeriod period{&ledger, [&] { return day; }};
  {
    Budget first(1.0, period);
    auto r = first.reserve(0.5);
    ASSERT_TRUE(r.has_value());
    first.settle(*r, 0.75);
    EXPECT_EQ(ledger.saved["2026-11-29"], 750'000'000) << "each settlement saves the day's total";
  }
  Budget restarted(1.0, period);
  EXPECT_FALSE(restarted.reserve(0.3).has_value()) << "0.75 spent earlier today + 0.30 > 1.00";
  EXPECT_TRUE(restarted.reserve(0.25).has_value()) << "exactly at the cap";
  EXPECT_DOUBLE_EQ(restarted.spent(), 0.75);
}

TEST(Budget, ANewPeriodStartsFromItsOwnSpendAndASettlementAfterMidnightCountsTowardTheNewDay) {
  MapLedger ledger;
  ledger.saved["2026-11-29"] = 900'000'000;  // $0.90 spent today
  std::string day = "2026-11-29";
  Budget b(1.0, BudgetPeriod{&ledger, [&] { return day; }});
  auto late = b.reserve(0.1);
  ASSERT_TRUE(late.has_value());
  EXPECT_FALSE(b.reserve(0.01).has_value()) << "today's cap is reached";
  day = "2026-11-30";
  b.settle(*late, 0.05);
  EXPECT_EQ(ledger.saved["2026-11-30"], 50'000'000);
  EXPECT_EQ(ledger.saved["2026-11-29"], 900'000'000);
  EXPECT_TRUE(b.reserve(0.9).has_value()) << "a new day, a new cap";
}

TEST(Budget, UtcDayIsTheCalendarDateInUtc) {
  EXPECT_EQ(utc_day(0), "1970-01-01");
  EXPECT_EQ(utc_day(1'795'996'799'999), "2026-11-29");  // 23:59:59.999 UTC
  EXPECT_EQ(utc_day(1'795'996'800'000), "2026-11-30");
}

}  // namespace
}  // namespace dq::cost
