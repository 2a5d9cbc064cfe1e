#pragma once
// Time is injected: durations come from a steady clock, timestamps from the wall clock. Nothing else in the
// product reads the real clock, so tests with FakeClock (tests/support) assert exact durations.

#include <chrono>
#include <cstdint>

namespace dq::core {

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic time in nanoseconds since an arbitrary epoch; only differences mean anything.
  virtual std::int64_t steady_ns() const = 0;
  // Wall time, milliseconds since the Unix epoch.
  virtual std::int64_t wall_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t steady_ns() const override {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  std::int64_t wall_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  static const SystemClock& instance() {
    static const SystemClock clock;
    return clock;
  }
};

}  // namespace dq::core
