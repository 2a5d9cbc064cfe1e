#pragma once
// The bot's daily spend, kept as the named values "spend.YYYY-MM-DD" (nano-dollars) of its StateStore, so
// the spend cap (budget.max_usd, per UTC day) survives a restart. A value that cannot be read counts as
// nothing spent, and says so in the log; a failed save is logged and the in-memory total still holds.

#include <charconv>
#include <string>

#include "bot/chat/session.hpp"
#include "bot/cost/budget.hpp"
#include "bot/trace/log.hpp"

namespace dq::app {

class StateSpendLedger final : public cost::SpendLedger {
 public:
  explicit StateSpendLedger(chat::StateStore& state) : state_(state) {}

  std::int64_t load_spent(const std::string& period) override {
    auto stored = state_.load_value("spend." + period);
    if (!stored) {
      log::error("bot.spend_unreadable", {{"day", period}, {"error", log::redacted(stored.error())}});
      return 0;
    }
    if (!*stored) return 0;
    std::int64_t nanos = 0;
    const std::string& text = **stored;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), nanos);
    return ec == std::errc() && end == text.data() + text.size() ? nanos : 0;
  }
  void save_spent(const std::string& period, std::int64_t nanos) override {
    if (auto saved = state_.save_value("spend." + period, std::to_string(nanos)); !saved)
      log::error("bot.spend_not_saved", {{"day", period}, {"error", log::redacted(saved.error())}});
  }

 private:
  chat::StateStore& state_;
};

}  // namespace dq::app
