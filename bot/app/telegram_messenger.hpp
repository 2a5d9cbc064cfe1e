#pragma once
// Messenger over the Bot API: every call through the one rate-limited, retrying Sender.

#include "bot/chat/messenger.hpp"
#include "bot/telegram/sender.hpp"

namespace dq::app {

class TelegramMessenger final : public chat::Messenger {
 public:
  explicit TelegramMessenger(telegram::Sender& sender) : sender_(sender) {}

  boost::asio::awaitable<core::Result<std::int64_t>> send(
      std::int64_t chat, std::string html, std::optional<chat::InlineKeyboard> keyboard) override;
  boost::asio::awaitable<core::Result<void>> edit(std::int64_t chat, std::int64_t message_id,
                                                  std::string html,
                                                  std::optional<chat::InlineKeyboard> keyboard) override;
  boost::asio::awaitable<core::Result<void>> answer(std::string callback_id, std::string notice) override;
  boost::asio::awaitable<core::Result<std::int64_t>> send_document(std::int64_t chat, std::string file_name,
                                                                   std::string content,
                                                                   std::string caption_html) override;
  boost::asio::awaitable<void> typing(std::int64_t chat) override;

 private:
  telegram::Sender& sender_;
};

}  // namespace dq::app
