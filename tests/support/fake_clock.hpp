#pragma once
// A Clock that moves only when told: durations in tests are exact. FakeTimers (fake_timers.hpp) listens to
// it, so a wait on a fake timer ends when advance_*() moves the clock past its deadline.

#include <cstdint>
#include <functional>

#include "bot/core/clock.hpp"

namespace dq::testing {

class FakeClock final : public core::Clock {
 public:
  explicit FakeClock(std::int64_t wall_ms = 1'790'000'000'000) : wall_ms_(wall_ms) {}
  std::int64_t steady_ns() const override { return steady_ns_; }
  std::int64_t wall_ms() const override { return wall_ms_ + steady_ns_ / 1'000'000; }
  void advance_ns(std::int64_t ns) {
    steady_ns_ += ns;
    if (on_advance_) on_advance_();
  }
  void advance_us(std::int64_t us) { advance_ns(us * 1000); }
  void advance_ms(std::int64_t ms) { advance_ns(ms * 1'000'000); }
  // One listener, called after every advance (FakeTimers sets it; nullptr clears it).
  void set_on_advance(std::function<void()> f) { on_advance_ = std::move(f); }

 private:
  std::int64_t wall_ms_;
  std::int64_t steady_ns_ = 0;
  std::function<void()> on_advance_;
};

}  // namespace dq::testing
