#include "cli/cost/budget.hpp"

namespace dq::cost {

std::optional<Budget::Reservation> Budget::reserve(double worst_usd) {
  std::lock_guard lock(mutex_);
  // A hair of tolerance so that a cap equal to the sum of worst cases is not refused by rounding.
  if (cap_ && spent_ + reserved_ + worst_usd > *cap_ + 1e-12) {
    ++refused_;
    return std::nullopt;
  }
  reserved_ += worst_usd;
  return Reservation{next_id_++, worst_usd};
}

void Budget::settle(const Reservation& r, double actual_usd) {
  std::lock_guard lock(mutex_);
  reserved_ -= r.amount;
  spent_ += actual_usd;
}

void Budget::release(const Reservation& r) {
  std::lock_guard lock(mutex_);
  reserved_ -= r.amount;
}

double Budget::spent() const {
  std::lock_guard lock(mutex_);
  return spent_;
}

double Budget::reserved() const {
  std::lock_guard lock(mutex_);
  return reserved_;
}

int Budget::refused() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

}  // namespace dq::cost
