#pragma once
// A Clock that moves only when told: durations in tests are exact.

#include <cstdint>

#include "bot/core/clock.hpp"

namespace dq::testing {

class FakeClock final : public core::Clock {
 public:
  explicit FakeClock(std::int64_t wall_ms = 1'790'000'000'000) : wall_ms_(wall_ms) {}
  std::int64_t steady_ns() const override { return steady_ns_; }
  std::int64_t wall_ms() const override { return wall_ms_ + steady_ns_ / 1'000'000; }
  void advance_us(std::int64_t us) { steady_ns_ += us * 1000; }
  void advance_ms(std::int64_t ms) { steady_ns_ += ms * 1'000'000; }

 private:
  std::int64_t wall_ms_;
  std::int64_t steady_ns_ = 0;
};

}  // namespace dq::testing
