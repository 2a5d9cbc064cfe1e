#pragma once
// When the next message may go out, under Telegram's limits (protocols.md §1.8: about 1 message per second
// per chat, about 30 per second overall, short bursts tolerated). Pure: times are arguments, so tests drive
// it without a clock.
//
// Each key (one per chat, and one for the whole bot) is a GCRA cell: a "theoretical arrival time" that
// advances by the emission interval for every message; a message may leave `burst - 1` intervals early. A
// 429 pauses a chat (or everything) until the time Telegram gave.

#include <chrono>
#include <cstdint>
#include <map>

namespace dq::telegram {

struct RateLimits {
  std::chrono::microseconds per_chat_interval{1'000'000};  // 1 message/s per chat
  int per_chat_burst = 3;
  std::chrono::microseconds global_interval{33'334};  // 30 messages/s overall
  int global_burst = 30;
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

 private:
  struct Cell {
    TimePoint tat{};  // theoretical arrival time of the next message
  };
  void forget_idle(TimePoint now);

  RateLimits limits_;
  Cell global_;
  std::map<std::int64_t, Cell> chats_;
  std::size_t reserves_since_cleanup_ = 0;
};

}  // namespace dq::telegram
