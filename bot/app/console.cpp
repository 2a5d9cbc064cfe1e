#include "bot/app/console.hpp"

#include <charconv>

#include "bot/telegram/telegram_text.hpp"

namespace dq::app {
namespace asio = boost::asio;

void ConsoleMessenger::print(const std::string& prefix, const std::string& html) {
  std::string text = telegram::html_to_plain(html);
  std::string indented;
  for (char c : text) {
    indented += c;
    if (c == '\n') indented += "     ";
  }
  std::fprintf(out_, "%s %s\n", prefix.c_str(), indented.c_str());
  std::fflush(out_);
}

void ConsoleMessenger::show_keyboard(std::int64_t message_id, const chat::InlineKeyboard& keyboard) {
  buttons_.clear();
  buttons_message_ = message_id;
  for (const auto& row : keyboard)
    for (const auto& b : row) {
      buttons_.push_back(b);
      std::fprintf(out_, "     [%zu] %s\n", buttons_.size(), b.text.c_str());
    }
  if (!buttons_.empty()) std::fprintf(out_, "     (type a number to choose)\n");
  std::fflush(out_);
}

asio::awaitable<core::Result<std::int64_t>> ConsoleMessenger::send(
    std::int64_t, std::string html, std::optional<chat::InlineKeyboard> keyboard) {
  const std::int64_t id = next_id_++;
  print("bot>", html);
  if (keyboard && !keyboard->empty()) show_keyboard(id, *keyboard);
  co_return id;
}

asio::awaitable<core::Result<void>> ConsoleMessenger::edit(std::int64_t, std::int64_t message_id,
                                                           std::string html,
                                                           std::optional<chat::InlineKeyboard> keyboard) {
  print("bot (updated)>", html);
  if (keyboard && !keyboard->empty()) {
    show_keyboard(message_id, *keyboard);
  } else if (message_id == buttons_message_) {
    buttons_.clear();  // an edit without a keyboard removes it, as in Telegram
  }
  co_return core::Result<void>{};
}

asio::awaitable<core::Result<void>> ConsoleMessenger::answer(std::string, std::string notice) {
  if (!notice.empty()) print("bot (notice)>", telegram::escape_html(notice));
  co_return core::Result<void>{};
}

asio::awaitable<core::Result<std::int64_t>> ConsoleMessenger::send_document(std::int64_t,
                                                                            std::string file_name,
                                                                            std::string content,
                                                                            std::string caption_html) {
  print("bot (document " + file_name + ")>", caption_html);
  std::fprintf(out_, "%s\n", content.c_str());
  std::fflush(out_);
  co_return next_id_++;
}

chat::Incoming ConsoleMessenger::to_incoming(std::int64_t chat, std::int64_t user, const std::string& line) {
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), n);
  if (ec == std::errc() && end == line.data() + line.size() && n >= 1 && n <= buttons_.size()) {
    chat::Incoming in;
    in.kind = chat::Incoming::Kind::button;
    in.chat_id = chat;
    in.user_id = user;
    in.message_id = buttons_message_;
    in.callback_id = "console-" + std::to_string(++presses_);
    in.data = buttons_[n - 1].callback_data;
    return in;
  }
  return chat::from_text(chat, user, line);
}

}  // namespace dq::app
