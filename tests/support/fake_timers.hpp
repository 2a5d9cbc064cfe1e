#pragma once
// Timers on a FakeClock: a wait ends when the clock is advanced past its deadline, never by real time.
//
// How: a FakeTimer's wait is an asio::steady_timer set to never expire; FakeTimers keeps the waits in
// progress and, whenever the clock advances, cancels the steady_timer of every wait whose deadline has
// passed, marked "expired" (cancel() marks it "cancelled"). So completions still go through the io_context
// like real ones, in the order the clock reaches them.
//
// run_with_fake_time() drives a coroutine the way a long idle wait would: each time the loop has nothing
// ready, it jumps the clock to the earliest pending deadline. Tests then assert exact waited durations
// (clock.steady_ns() before and after), and a test whose code would wait forever fails instead of hanging.

#include <algorithm>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "bot/trace/timer.hpp"
#include "tests/support/fake_clock.hpp"

namespace dq::testing {

class FakeTimers final : public trace::Timers {
 public:
  explicit FakeTimers(FakeClock& clock) : clock_(clock) {
    clock_.set_on_advance([this] { fire_due(); });
  }
  ~FakeTimers() override { clock_.set_on_advance(nullptr); }
  FakeTimers(const FakeTimers&) = delete;
  FakeTimers& operator=(const FakeTimers&) = delete;

  const core::Clock& clock() const override { return clock_; }
  FakeClock& fake_clock() { return clock_; }
  std::unique_ptr<trace::Timer> make(boost::asio::any_io_executor executor) override {
    return std::make_unique<FakeTimer>(*this, std::move(executor));
  }

  // Waits in progress (kForever ones included).
  std::size_t waiting() const { return waiting_.size(); }
  // The earliest deadline a wait is pending on; nullopt when none waits on time.
  std::optional<std::int64_t> next_deadline_ns() const {
    std::optional<std::int64_t> next;
    for (const FakeTimer* t : waiting_)
      if (t->deadline_ns_ != kNever && (!next || t->deadline_ns_ < *next)) next = t->deadline_ns_;
    return next;
  }
  // Moves the clock to the next deadline (firing it); false when nothing waits on time.
  bool advance_to_next() {
    auto next = next_deadline_ns();
    if (!next) return false;
    clock_.advance_ns(std::max<std::int64_t>(0, *next - clock_.steady_ns()));
    return true;
  }

 private:
  static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

  class FakeTimer final : public trace::Timer {
   public:
    FakeTimer(FakeTimers& owner, boost::asio::any_io_executor executor)
        : owner_(owner), event_(std::move(executor)) {}
    ~FakeTimer() override { owner_.forget(this); }

    boost::asio::awaitable<bool> wait_for(std::chrono::nanoseconds d) override {
      fired_ = false;
      if (d <= std::chrono::nanoseconds::zero()) {
        event_.expires_at(boost::asio::steady_timer::time_point::min());  // completes at once, not inline
      } else {
        const std::int64_t now = owner_.clock_.steady_ns();
        deadline_ns_ = (d == kForever || d.count() > kNever - now) ? kNever : now + d.count();
        event_.expires_at(boost::asio::steady_timer::time_point::max());
        owner_.waiting_.push_back(this);
      }
      boost::system::error_code ec;
      auto wait = event_.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
      co_await std::move(wait);
      owner_.forget(this);
      co_return fired_ || !ec;
    }
    void cancel() override {
      if (fired_) return;  // already expired: as with asio, a late cancel does not change the outcome
      owner_.forget(this);
      event_.cancel();
    }

   private:
    friend class FakeTimers;
    void fire() {
      fired_ = true;
      event_.cancel();
    }
    FakeTimers& owner_;
    boost::asio::steady_timer event_;
    std::int64_t deadline_ns_ = kNever;
    bool fired_ = false;
  };

  void forget(const FakeTimer* t) { std::erase(waiting_, t); }
  void fire_due() {
    const std::int64_t now = clock_.steady_ns();
    std::vector<FakeTimer*> due;
    for (FakeTimer* t : waiting_)
      if (t->deadline_ns_ <= now) due.push_back(t);
    // Earliest deadline first, so completions are queued in the order the clock reached them.
    std::stable_sort(due.begin(), due.end(),
                     [](auto* a, auto* b) { return a->deadline_ns_ < b->deadline_ns_; });
    for (FakeTimer* t : due) {
      forget(t);
      t->fire();
    }
  }

  FakeClock& clock_;
  std::vector<FakeTimer*> waiting_;
};

// Runs `op` on `executor` (of `io`) with fake time: runs what is ready, then jumps the clock to the next
// pending deadline, until nothing is ready and no wait is pending on time. Returns what `op` returned;
// throws std::runtime_error if it has not finished by then (it waits for something that never comes).
template <class T, class Executor>
T run_with_fake_time(boost::asio::io_context& io, FakeTimers& timers, const Executor& executor,
                     boost::asio::awaitable<T> op) {
  auto future = boost::asio::co_spawn(executor, std::move(op), boost::asio::use_future);
  do {
    io.restart();
    io.poll();
  } while (timers.advance_to_next());
  if (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
    throw std::runtime_error("run_with_fake_time: the coroutine waits for something no timer will bring");
  return future.get();
}

template <class T>
T run_with_fake_time(boost::asio::io_context& io, FakeTimers& timers, boost::asio::awaitable<T> op) {
  return run_with_fake_time(io, timers, io.get_executor(), std::move(op));
}

}  // namespace dq::testing
