#include "bot/chat/incoming.hpp"

#include <cctype>

namespace dq::chat {

Incoming from_text(std::int64_t chat_id, std::int64_t user_id, std::string_view text) {
  Incoming in;
  in.chat_id = chat_id;
  in.user_id = user_id;
  if (text.size() > 1 && text[0] == '/' && std::isalpha(static_cast<unsigned char>(text[1]))) {
    std::size_t end = 1;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    std::string_view word = text.substr(1, end - 1);
    if (auto at = word.find('@'); at != std::string_view::npos) word = word.substr(0, at);
    if (word.size() <= 32) {
      in.kind = Incoming::Kind::command;
      for (char c : word) in.command += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      while (end < text.size() && std::isspace(static_cast<unsigned char>(text[end]))) ++end;
      in.text = std::string(text.substr(end));
      return in;
    }
  }
  in.kind = Incoming::Kind::text;
  in.text = std::string(text);
  return in;
}

std::optional<Incoming> from_update(const telegram::Update& u) {
  if (u.callback_query) {
    const auto& q = *u.callback_query;
    Incoming in;
    in.kind = Incoming::Kind::button;
    in.user_id = q.from.id;
    in.chat_id = q.message ? q.message->chat_id : q.from.id;
    in.message_id = q.message ? q.message->message_id : 0;
    in.callback_id = q.id;
    in.data = q.data;
    return in;
  }
  if (u.message) {
    const auto& m = *u.message;
    const std::int64_t user = m.from ? m.from->id : m.chat_id;
    if (m.from && m.from->is_bot) return std::nullopt;  // other bots (and our own echoes) get no answer
    Incoming in = m.text ? from_text(m.chat_id, user, *m.text) : Incoming{};
    if (!m.text) {
      in.kind = Incoming::Kind::unsupported;
      in.chat_id = m.chat_id;
      in.user_id = user;
    }
    in.message_id = m.message_id;
    return in;
  }
  return std::nullopt;
}

}  // namespace dq::chat
