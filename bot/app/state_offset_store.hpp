#pragma once
// The Poller's offset kept as the named value "telegram.offset" of the bot's StateStore (SqliteChatStore's
// bot_state table), so one store file holds it with everything else. An unreadable value counts as none
// saved: the Poller then starts from what Telegram still holds.

#include <charconv>
#include <string>

#include "bot/chat/session.hpp"
#include "bot/telegram/offset_store.hpp"

namespace dq::app {

class StateOffsetStore final : public telegram::OffsetStore {
 public:
  static constexpr const char* kKey = "telegram.offset";  // the name existing state files use

  explicit StateOffsetStore(chat::StateStore& state) : state_(state) {}

  core::Result<std::optional<std::int64_t>> load_offset() override {
    auto stored = state_.load_value(kKey);
    if (!stored) return std::unexpected(stored.error());
    if (!*stored) return std::optional<std::int64_t>();
    const std::string& text = **stored;
    std::int64_t offset = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), offset);
    if (ec != std::errc() || end != text.data() + text.size()) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(offset);
  }
  core::Result<void> save_offset(std::int64_t offset) override {
    return state_.save_value(kKey, std::to_string(offset));
  }

 private:
  chat::StateStore& state_;
};

}  // namespace dq::app
