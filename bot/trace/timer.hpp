#pragma once
// Waiting on time, injected like the Clock: code that pauses (rate limits, backoff, throttles, drain
// bounds) asks a Timers for a Timer instead of building an asio::steady_timer, so its tests run on a fake
// clock (tests/support/fake_timers.hpp) with no real sleep and exact waited durations.
//
// A Timers bundles the clock "now" is read from with the timers that measure waits on it, so the two can
// never disagree: AsioTimers pairs asio::steady_timer with the system clock the composition root passes in.
//
// Timer contract (the same for every implementation, and as for asio::steady_timer):
// - wait_for(d) resumes with true when `d` has passed on the clock, false when cancel() ended it first.
//   d <= 0 still resumes through the executor (never inline); d == kForever waits only for cancel().
// - cancel() ends the wait in progress, if any; it does not affect a later wait_for().
// - One wait at a time per Timer; destroy a Timer only when no wait is in progress on it.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>

#include "bot/core/clock.hpp"

namespace dq::trace {

class Timer {
 public:
  static constexpr std::chrono::nanoseconds kForever = std::chrono::nanoseconds::max();

  virtual ~Timer() = default;
  // true: expired; false: cancelled.
  virtual boost::asio::awaitable<bool> wait_for(std::chrono::nanoseconds d) = 0;
  virtual void cancel() = 0;
};

class Timers {
 public:
  virtual ~Timers() = default;
  // The clock the timers measure on: read "now" here.
  virtual const core::Clock& clock() const = 0;
  virtual std::unique_ptr<Timer> make(boost::asio::any_io_executor executor) = 0;

  // Steady "now" as a duration since the clock's epoch (for deadlines: now() + d).
  std::chrono::nanoseconds now() const { return std::chrono::nanoseconds(clock().steady_ns()); }
};

// asio::steady_timer. `clock` must read the same time (core::SystemClock): the composition root passes it.
class AsioTimers final : public Timers {
 public:
  explicit AsioTimers(const core::Clock& clock) : clock_(clock) {}
  const core::Clock& clock() const override { return clock_; }
  std::unique_ptr<Timer> make(boost::asio::any_io_executor executor) override;

 private:
  const core::Clock& clock_;
};

}  // namespace dq::trace
