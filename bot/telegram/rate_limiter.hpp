#pragma once
// When the next message may go out, under Telegram's limits (protocols.md §1.8: about 1 message per second
// per chat, about 30 per second overall, short bursts tolerated in a chat). Pure: times are arguments, so
// tests drive it without a clock.
//
// Each chat is a GCRA cell: a "theoretical arrival time" that advances by the chat's interval for every
// message; a message may leave `burst - 1` intervals early. Overall, the messages' departure times are kept
// as a calendar, at least `global_interval` apart: a message that must wait for its own chat takes the first
// free slot at or after that time, so it neither holds other chats behind it nor bunches up with them when
// it leaves. Telegram counts arrivals, so the default overall pace keeps a margin below 30/s: evenly spaced
// sends reach the server a little unevenly. A 429 pauses a chat (or everything) until the time Telegram gave.

#include <chrono>
#include <cstdint>
#include <map>
#include <set>

namespace dq::telegram {

struct RateLimits {
  std::chrono::microseconds per_chat_interval{1'000'000};  // 1 message/s per chat
  int per_chat_burst = 3;
  // ≈28.6 messages/s overall: 30/s with a 5% margin, so that 30 messages never arrive within one second.
  std::chrono::microseconds global_interval{35'000};
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;

  explicit RateLimiter(RateLimits limits = {}) : limits_(limits) {}

  // Reserves a slot for one message to `chat` and returns when it may be sent (>= now). Reserving is
  // committing: call it once per message actually sent.
  TimePoint reserve(std::int64_t chat, TimePoint now);
  // Nothing to `chat` before `until` (a 429 for that chat).
  void pause_chat(std::int64_t chat, TimePoint until);
  // Nothing to anyone before `until`.
  void pause_all(TimePoint until);

  std::size_t tracked_chats() const { return chats_.size(); }
  std::size_t reserved_slots() const { return slots_.size(); }

 private:
  struct Cell {
    TimePoint tat{};  // theoretical arrival time of the next message
  };
  void forget_idle(TimePoint now);

  RateLimits limits_;
  std::multiset<TimePoint> slots_;  // departures reserved overall, from one interval ago on
  TimePoint paused_until_{};        // pause_all
  std::map<std::int64_t, Cell> chats_;
  std::size_t reserves_since_cleanup_ = 0;
};

}  // namespace dq::telegram
