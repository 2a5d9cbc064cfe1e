#pragma once
// The budget cap of a run (--max-cost). A call reserves its worst case before it is made and settles with
// its real cost after; a reservation that would cross the cap is refused, so the cap holds however many
// calls are in flight. Thread-safe.

#include <cstdint>
#include <mutex>
#include <optional>

namespace dq::cost {

class Budget {
 public:
  explicit Budget(std::optional<double> cap_usd = std::nullopt) : cap_(cap_usd) {}

  struct Reservation {
    std::uint64_t id = 0;
    double amount = 0;
  };
  // nullopt: spent + reserved + worst_usd would exceed the cap; the call must not be made.
  std::optional<Reservation> reserve(double worst_usd);
  void settle(const Reservation& r, double actual_usd);
  void release(const Reservation& r);

  double spent() const;
  double reserved() const;
  std::optional<double> cap() const { return cap_; }
  int refused() const;

 private:
  const std::optional<double> cap_;
  mutable std::mutex mutex_;
  double spent_ = 0;
  double reserved_ = 0;
  std::uint64_t next_id_ = 1;
  int refused_ = 0;
};

}  // namespace dq::cost
