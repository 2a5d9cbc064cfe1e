#pragma once
// What the bot's handlers say, and to whom, without knowing where it goes: Telegram (app/telegram_messenger,
// through the rate-limited Sender) or a terminal (app/console). Texts are Telegram HTML with user text
// already escaped; a keyboard is the inline keyboard under a message.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "bot/core/error.hpp"
#include "bot/telegram/bot_api.hpp"

namespace dq::chat {

using telegram::InlineButton;
using telegram::InlineKeyboard;

class Messenger {
 public:
  virtual ~Messenger() = default;
  // Returns the new message's id. `html` is at most 4096 visible characters (send_long() splits).
  virtual boost::asio::awaitable<core::Result<std::int64_t>> send(
      std::int64_t chat, std::string html, std::optional<InlineKeyboard> keyboard = {}) = 0;
  // Replaces a message's text; no keyboard removes the one it had. Identical content is a success.
  virtual boost::asio::awaitable<core::Result<void>> edit(std::int64_t chat, std::int64_t message_id,
                                                          std::string html,
                                                          std::optional<InlineKeyboard> keyboard = {}) = 0;
  // Ends a button press's spinner, with an optional short notice.
  virtual boost::asio::awaitable<core::Result<void>> answer(std::string callback_id,
                                                            std::string notice = {}) = 0;
  virtual boost::asio::awaitable<core::Result<std::int64_t>> send_document(std::int64_t chat,
                                                                           std::string file_name,
                                                                           std::string content,
                                                                           std::string caption_html = {}) = 0;
  // "typing…" while something slow runs; a no-op where there is no such thing.
  virtual boost::asio::awaitable<void> typing(std::int64_t /*chat*/) { co_return; }
};

// Sends `html` as one message, or split on line boundaries into messages of at most 4096 visible
// characters (tags closed and re-opened), or — beyond `max_messages` parts — as a text document named
// `file_name` (tags removed) with `caption_html`. Returns how many messages it sent.
boost::asio::awaitable<core::Result<int>> send_long(Messenger& messenger, std::int64_t chat, std::string html,
                                                    std::string file_name, std::string caption_html,
                                                    int max_messages = 4);

}  // namespace dq::chat
