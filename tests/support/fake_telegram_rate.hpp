#pragma once
// Telegram's flood limits as the fake Telegram server counts them (protocols.md §1.8). The messages a bot
// sends (sendMessage, editMessageText, sendDocument) are timed when they arrive, and each one over a limit
// is a violation. It only counts: the call itself still succeeds (Telegram would answer 429), so counting
// never changes what a test sees, and a benchmark reads the total at the end.
//
// - Per chat: 1 message per second, with a burst of 3 ("short bursts tolerated"; the FAQ gives no number).
//   A GCRA cell per chat: a message conforms when it arrives no earlier than `burst - 1` intervals before
//   the chat's theoretical arrival time, which then advances by one interval.
// - Overall: at most 30 messages in any 1-second window (sliding). The FAQ allows no burst here.
// A message over a limit is refused by Telegram, so it does not count toward later messages' limits.
//
// Where it differs from Telegram: the real limits are dynamic and unpublished (long messages and groups hit
// them sooner, 20 messages a minute in a group); these are the documented round numbers.

#include <chrono>
#include <cstdint>
#include <deque>
#include <unordered_map>

namespace dq::testing {

struct TgRateRules {
  std::chrono::microseconds per_chat_interval{1'000'000};
  int per_chat_burst = 3;
  int global_per_window = 30;
  std::chrono::microseconds global_window{1'000'000};
};

struct TgRateCounts {
  std::int64_t messages = 0;    // messages timed
  std::int64_t violations = 0;  // messages over either limit
  std::int64_t per_chat = 0;    // of them, over the per-chat limit
  std::int64_t global = 0;      // of them, over the overall limit
  int peak_global = 0;          // most messages that arrived within one window, refused ones included
};

class TgRateWatch {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit TgRateWatch(TgRateRules rules = {}) : rules_(rules) {}

  // One message to `chat` arriving at `at` (arrival times never decrease). True when within the limits.
  bool message(std::int64_t chat, TimePoint at);
  const TgRateCounts& counts() const { return counts_; }

 private:
  TgRateRules rules_;
  std::unordered_map<std::int64_t, TimePoint> tat_;  // per chat: theoretical arrival time of the next
  std::deque<TimePoint> window_;                     // accepted arrivals within the last global window
  std::deque<TimePoint> arrivals_;                   // every arrival within it (for the peak)
  TgRateCounts counts_;
};

}  // namespace dq::testing
