#include "tests/support/fake_telegram_rate.hpp"

#include <algorithm>

namespace dq::testing {

bool TgRateWatch::message(std::int64_t chat, TimePoint at) {
  ++counts_.messages;
  for (auto* q : {&window_, &arrivals_})
    while (!q->empty() && q->front() <= at - rules_.global_window) q->pop_front();
  arrivals_.push_back(at);
  counts_.peak_global = std::max(counts_.peak_global, static_cast<int>(arrivals_.size()));
  const bool global_ok = static_cast<int>(window_.size()) < rules_.global_per_window;

  auto cell = tat_.find(chat);
  const auto tolerance = rules_.per_chat_interval * std::max(0, rules_.per_chat_burst - 1);
  const bool chat_ok = cell == tat_.end() || at >= cell->second - tolerance;

  if (!chat_ok) ++counts_.per_chat;
  if (!global_ok) ++counts_.global;
  if (!chat_ok || !global_ok) {
    ++counts_.violations;
    return false;
  }
  window_.push_back(at);
  const TimePoint from = cell == tat_.end() ? at : std::max(cell->second, at);
  tat_[chat] = from + rules_.per_chat_interval;
  return true;
}

}  // namespace dq::testing
