#pragma once
// The bot in a terminal (`dealquest-bot --console`): the same ChatBot, pipeline and traces, with a
// Messenger that prints. Each typed line is a message from one user in one chat; keyboards are printed as
// numbered choices, and typing a number presses that button of the last keyboard shown; edits are printed
// as updated lines; documents are printed whole.

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "bot/chat/incoming.hpp"
#include "bot/chat/messenger.hpp"

namespace dq::app {

class ConsoleMessenger final : public chat::Messenger {
 public:
  explicit ConsoleMessenger(std::FILE* out) : out_(out) {}

  boost::asio::awaitable<core::Result<std::int64_t>> send(
      std::int64_t chat, std::string html, std::optional<chat::InlineKeyboard> keyboard) override;
  boost::asio::awaitable<core::Result<void>> edit(std::int64_t chat, std::int64_t message_id,
                                                  std::string html,
                                                  std::optional<chat::InlineKeyboard> keyboard) override;
  boost::asio::awaitable<core::Result<void>> answer(std::string callback_id, std::string notice) override;
  boost::asio::awaitable<core::Result<std::int64_t>> send_document(std::int64_t chat, std::string file_name,
                                                                   std::string content,
                                                                   std::string caption_html) override;

  // A typed line as the bot receives it: a number that names a button of the last keyboard becomes that
  // button's press; anything else is a message (or command).
  chat::Incoming to_incoming(std::int64_t chat, std::int64_t user, const std::string& line);

 private:
  void print(const std::string& prefix, const std::string& html);
  void show_keyboard(std::int64_t message_id, const chat::InlineKeyboard& keyboard);

  std::FILE* out_;
  std::int64_t next_id_ = 1;
  std::vector<chat::InlineButton> buttons_;  // the last keyboard, flattened
  std::int64_t buttons_message_ = 0;
  int presses_ = 0;
};

}  // namespace dq::app
