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
  Cell& c = chats_[chat];
  TimePoint at = std::max({now, earliest(c.tat, limits_.per_chat_interval, limits_.per_chat_burst),
                           earliest(global_.tat, limits_.global_interval, limits_.global_burst)});
  c.tat = std::max(c.tat, at) + limits_.per_chat_interval;
  // The global cell counts the message when it is reserved, not when it will leave: a chat that must wait
  // its own turn must not hold every other chat behind it.
  global_.tat = std::max(global_.tat, now) + limits_.global_interval;
  return at;
}

void RateLimiter::pause_chat(std::int64_t chat, TimePoint until) {
  // The next message may leave at `until` and no earlier, whatever burst credit the chat had.
  Cell& c = chats_[chat];
  c.tat = std::max(c.tat, until + limits_.per_chat_interval * std::max(0, limits_.per_chat_burst - 1));
}

void RateLimiter::pause_all(TimePoint until) {
  global_.tat =
      std::max(global_.tat, until + limits_.global_interval * std::max(0, limits_.global_burst - 1));
}

void RateLimiter::forget_idle(TimePoint now) {
  // A chat whose cell is in the past has its full burst again: the cell carries nothing, drop it.
  reserves_since_cleanup_ = 0;
  std::erase_if(chats_, [&](const auto& kv) { return kv.second.tat <= now; });
}

}  // namespace dq::telegram
