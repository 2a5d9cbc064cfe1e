#include "bot/chat/messenger.hpp"

#include "bot/telegram/telegram_text.hpp"

namespace dq::chat {

boost::asio::awaitable<core::Result<int>> send_long(Messenger& messenger, std::int64_t chat, std::string html,
                                                    std::string file_name, std::string caption_html,
                                                    int max_messages) {
  std::vector<std::string> parts = telegram::split_html_message(html);
  if (static_cast<int>(parts.size()) > max_messages) {
    auto op = messenger.send_document(chat, file_name, telegram::html_to_plain(html), caption_html);
    auto sent = co_await std::move(op);
    if (!sent) co_return std::unexpected(sent.error());
    co_return 1;
  }
  int count = 0;
  for (auto& part : parts) {
    auto op = messenger.send(chat, std::move(part));
    auto sent = co_await std::move(op);
    if (!sent) co_return std::unexpected(sent.error());
    ++count;
  }
  co_return count;
}

}  // namespace dq::chat
