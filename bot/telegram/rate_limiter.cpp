#include "bot/telegram/rate_limiter.hpp"

#include <algorithm>

namespace dq::telegram {
namespace {

RateLimiter::TimePoint earliest(RateLimiter::TimePoint tat, std::chrono::microseconds interval, int burst) {
  return tat - interval * std::max(0, burst - 1);
}

}  // namespace

RateLimiter::TimePoint RateLimiter::reserve(std::int64_t chat, TimePoint now) {
  if (++reserves_since_cleanup_ >= 1024) forget_idle(now);
  const auto gap = limits_.global_interval;
  // Departures more than one interval ago constrain nothing any more.
  slots_.erase(slots_.begin(), slots_.upper_bound(now - gap));
  Cell& c = chats_[chat];
  TimePoint at =
      std::max({now, paused_until_, earliest(c.tat, limits_.per_chat_interval, limits_.per_chat_burst)});
  // The first time at or after `at` that is at least one interval from every reserved departure: the slots
  // are sorted and themselves one interval apart, so walk on from the first one that is too close.
  for (auto it = slots_.upper_bound(at - gap); it != slots_.end() && *it < at + gap; ++it) at = *it + gap;
  slots_.insert(at);
  c.tat = std::max(c.tat, at) + limits_.per_chat_interval;
  return at;
}

void RateLimiter::pause_chat(std::int64_t chat, TimePoint until) {
  // The next message may leave at `until` and no earlier, whatever burst credit the chat had.
  Cell& c = chats_[chat];
  c.tat = std::max(c.tat, until + limits_.per_chat_interval * std::max(0, limits_.per_chat_burst - 1));
}

void RateLimiter::pause_all(TimePoint until) {
  paused_until_ = std::max(paused_until_, until);
}

void RateLimiter::forget_idle(TimePoint now) {
  // A chat whose cell is in the past has its full burst again: the cell carries nothing, drop it.
  reserves_since_cleanup_ = 0;
  std::erase_if(chats_, [&](const auto& kv) { return kv.second.tat <= now; });
}

}  // namespace dq::telegram
