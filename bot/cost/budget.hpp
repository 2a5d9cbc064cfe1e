#pragma once
// The budget cap of a run (--max-cost). A call reserves its worst case before it is made and settles with
// its real cost after (or releases the reservation when it was not made); a reservation that would take
// spent + reserved past the cap is refused, so the cap holds however many calls are in flight. Thread-safe:
// calls may come from the event loop and from other threads at once.
//
// Amounts are kept as whole nano-dollars, so sums are exact: a cap of 1.00 admits 0.60 + 0.40 and refuses
// 0.60 + 0.40 + 0.000000001, with no drift after millions of reservations.

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace dq::cost {

// Where a periodic cap keeps what was spent, so a restart does not reset it (the bot: its state store).
class SpendLedger {
 public:
  virtual ~SpendLedger() = default;
  // Nano-dollars spent in `period` as last saved; 0 when nothing was.
  virtual std::int64_t load_spent(const std::string& period) = 0;
  virtual void save_spent(const std::string& period, std::int64_t nanos) = 0;
};

// A cap that applies per period (the bot's: per UTC day) and is kept in a ledger.
struct BudgetPeriod {
  SpendLedger* ledger = nullptr;         // null: one period for the Budget's lifetime, kept in memory
  std::function<std::string()> current;  // the period now, e.g. utc_day(clock.wall_ms())
};
// "YYYY-MM-DD" of a wall time in ms since the epoch, in UTC.
std::string utc_day(std::int64_t wall_ms);

class Budget {
 public:
  // nullopt = no cap. A cap that is negative or not a number refuses every call; +infinity is no cap.
  // With a period, the cap applies to each period's spend: the first reservation or settlement of a new
  // period starts from what its ledger holds for it, and every settlement saves the period's new total.
  explicit Budget(std::optional<double> cap_usd = std::nullopt, BudgetPeriod period = {});

  struct Reservation {
    std::uint64_t id = 0;
    double amount = 0;
  };
  // nullopt (and refused() + 1) when spent + reserved + worst_usd would be above the cap, or worst_usd is
  // negative or not a number: the call must not be made. Exactly at the cap is allowed.
  std::optional<Reservation> reserve(double worst_usd);
  // Replaces the reservation with the actual cost. The actual cost is counted even above the reservation
  // (it was spent); one that is negative or not a number counts as the reserved amount. Settling or
  // releasing a reservation a second time does nothing.
  void settle(const Reservation& r, double actual_usd);
  // The call was not made, or failed before it cost anything.
  void release(const Reservation& r);

  double spent() const;
  double reserved() const;
  std::optional<double> cap() const { return cap_; }
  int refused() const;

 private:
  void roll_period();  // with mutex_ held
  const std::optional<double> cap_;
  const std::optional<std::int64_t> cap_nanos_;
  mutable std::mutex mutex_;
  std::int64_t spent_nanos_ = 0;
  std::int64_t reserved_nanos_ = 0;
  std::unordered_map<std::uint64_t, std::int64_t> open_;  // reservation id -> nano-dollars
  std::uint64_t next_id_ = 1;
  int refused_ = 0;
  BudgetPeriod period_;
  std::string current_period_;
};

}  // namespace dq::cost
