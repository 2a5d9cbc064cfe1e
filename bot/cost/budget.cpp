#include "bot/cost/budget.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "bot/core/utc_text.hpp"

namespace dq::cost {
namespace {

// A billion dollars: amounts are clamped to it, so any sum of a few of them stays inside an int64.
constexpr std::int64_t kMaxNanos = 1'000'000'000'000'000'000;

std::int64_t to_nanos(double usd) {
  if (!(usd > 0)) return 0;
  if (usd >= 1e9) return kMaxNanos;
  return std::llround(usd * 1e9);
}

double to_usd(std::int64_t nanos) {
  return static_cast<double>(nanos) / 1e9;
}

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  return a > std::numeric_limits<std::int64_t>::max() - b ? std::numeric_limits<std::int64_t>::max() : a + b;
}

std::optional<std::int64_t> cap_in_nanos(std::optional<double> cap_usd) {
  if (!cap_usd || *cap_usd == std::numeric_limits<double>::infinity()) return std::nullopt;
  if (!(*cap_usd >= 0)) return -1;  // negative or NaN: even a $0 call is refused
  return to_nanos(*cap_usd);
}

}  // namespace

std::string utc_day(std::int64_t wall_ms) {
  return core::utc_text(wall_ms, "%Y-%m-%d");
}

Budget::Budget(std::optional<double> cap_usd, BudgetPeriod period)
    : cap_(cap_usd), cap_nanos_(cap_in_nanos(cap_usd)), period_(std::move(period)) {}

void Budget::roll_period() {
  if (!period_.current) return;
  std::string now = period_.current();
  if (now == current_period_) return;
  current_period_ = std::move(now);
  spent_nanos_ = period_.ledger ? std::max<std::int64_t>(0, period_.ledger->load_spent(current_period_)) : 0;
}

std::optional<Budget::Reservation> Budget::reserve(double worst_usd) {
  std::lock_guard lock(mutex_);
  roll_period();
  const std::int64_t worst = to_nanos(worst_usd);
  const bool valid = worst_usd >= 0;  // false for NaN too
  if (!valid ||
      (cap_nanos_ && saturating_add(saturating_add(spent_nanos_, reserved_nanos_), worst) > *cap_nanos_)) {
    ++refused_;
    return std::nullopt;
  }
  reserved_nanos_ = saturating_add(reserved_nanos_, worst);
  const std::uint64_t id = next_id_++;
  open_.emplace(id, worst);
  return Reservation{id, worst_usd};
}

void Budget::settle(const Reservation& r, double actual_usd) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(r.id);
  if (it == open_.end()) return;
  const std::int64_t actual = actual_usd >= 0 ? to_nanos(actual_usd) : it->second;
  reserved_nanos_ -= it->second;
  open_.erase(it);
  roll_period();  // a call reserved before midnight and settled after counts toward the new day
  spent_nanos_ = saturating_add(spent_nanos_, actual);
  if (period_.ledger) period_.ledger->save_spent(current_period_, spent_nanos_);
}

void Budget::release(const Reservation& r) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(r.id);
  if (it == open_.end()) return;
  reserved_nanos_ -= it->second;
  open_.erase(it);
}

double Budget::spent() const {
  std::lock_guard lock(mutex_);
  return to_usd(spent_nanos_);
}

double Budget::reserved() const {
  std::lock_guard lock(mutex_);
  return to_usd(reserved_nanos_);
}

int Budget::refused() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

}  // namespace dq::cost
