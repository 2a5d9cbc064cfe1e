#include "bot/app/telegram_messenger.hpp"

namespace dq::app {
namespace asio = boost::asio;

asio::awaitable<core::Result<std::int64_t>> TelegramMessenger::send(
    std::int64_t chat, std::string html, std::optional<chat::InlineKeyboard> keyboard) {
  auto op = sender_.send_message(chat, std::move(html), std::move(keyboard));
  auto sent = co_await std::move(op);
  if (!sent) co_return std::unexpected(sent.error());
  co_return sent->message_id;
}

asio::awaitable<core::Result<void>> TelegramMessenger::edit(std::int64_t chat, std::int64_t message_id,
                                                            std::string html,
                                                            std::optional<chat::InlineKeyboard> keyboard) {
  auto op = sender_.edit_message_text(chat, message_id, std::move(html), std::move(keyboard));
  co_return co_await std::move(op);
}

asio::awaitable<core::Result<void>> TelegramMessenger::answer(std::string callback_id, std::string notice) {
  auto op = sender_.answer_callback_query(std::move(callback_id), std::move(notice));
  co_return co_await std::move(op);
}

asio::awaitable<core::Result<std::int64_t>> TelegramMessenger::send_document(std::int64_t chat,
                                                                             std::string file_name,
                                                                             std::string content,
                                                                             std::string caption_html) {
  auto op = sender_.send_document(chat, std::move(file_name), std::move(content), std::move(caption_html));
  auto sent = co_await std::move(op);
  if (!sent) co_return std::unexpected(sent.error());
  co_return sent->message_id;
}

asio::awaitable<void> TelegramMessenger::typing(std::int64_t chat) {
  auto op = sender_.send_chat_action(chat);
  auto ignored = co_await std::move(op);  // a hint only: a server without it changes nothing
  (void)ignored;
}

}  // namespace dq::app
