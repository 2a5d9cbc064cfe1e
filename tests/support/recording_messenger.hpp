#pragma once
// A Messenger that keeps what the bot said, like a chat window: messages by id with their current text and
// keyboard, how often each was edited, answered button presses and documents. Optionally fails sends.

#include <map>
#include <string>
#include <vector>

#include "bot/chat/messenger.hpp"
#include "bot/telegram/telegram_text.hpp"

namespace dq::testing {

class RecordingMessenger final : public chat::Messenger {
 public:
  struct Shown {
    std::int64_t chat = 0;
    std::string html;
    chat::InlineKeyboard keyboard;
    int edits = 0;
    std::vector<std::string> history;  // every text it showed, in order
    std::string document_name;
  };

  boost::asio::awaitable<core::Result<std::int64_t>> send(
      std::int64_t chat, std::string html, std::optional<chat::InlineKeyboard> keyboard) override {
    if (fail_sends)
      co_return core::fail("telegram.forbidden", "", "Telegram 403: Forbidden: bot was blocked by the user");
    if (telegram::visible_length(html) > telegram::kMessageLimit) too_long = true;
    const std::int64_t id = next_id++;
    messages[id] = Shown{chat, html, keyboard.value_or(chat::InlineKeyboard{}), 0, {html}, {}};
    order.push_back(id);
    co_return id;
  }
  boost::asio::awaitable<core::Result<void>> edit(std::int64_t, std::int64_t message_id, std::string html,
                                                  std::optional<chat::InlineKeyboard> keyboard) override {
    auto it = messages.find(message_id);
    if (it == messages.end()) co_return core::fail("telegram.bad_request", "", "message to edit not found");
    if (telegram::visible_length(html) > telegram::kMessageLimit) too_long = true;
    it->second.html = html;
    it->second.keyboard = keyboard.value_or(chat::InlineKeyboard{});
    it->second.history.push_back(std::move(html));
    ++it->second.edits;
    co_return core::Result<void>{};
  }
  boost::asio::awaitable<core::Result<void>> answer(std::string callback_id, std::string notice) override {
    answered.push_back(callback_id + (notice.empty() ? "" : ": " + notice));
    co_return core::Result<void>{};
  }
  boost::asio::awaitable<core::Result<std::int64_t>> send_document(std::int64_t chat, std::string file_name,
                                                                   std::string content,
                                                                   std::string caption) override {
    const std::int64_t id = next_id++;
    messages[id] = Shown{chat, content, {}, 0, {caption}, file_name};
    order.push_back(id);
    co_return id;
  }

  const Shown& last() const { return messages.at(order.back()); }
  std::string all_text() const {
    std::string out;
    for (auto id : order) out += messages.at(id).html + "\n";
    return out;
  }

  std::map<std::int64_t, Shown> messages;
  std::vector<std::int64_t> order;
  std::vector<std::string> answered;
  std::int64_t next_id = 1;
  bool fail_sends = false;
  bool too_long = false;
};

}  // namespace dq::testing
