#pragma once
// One thing a user did, as the handlers see it: a text message (maybe a /command) or a button press.
// Built from a Telegram update (from_update) or a console line; pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot/telegram/bot_api.hpp"

namespace dq::chat {

struct Incoming {
  enum class Kind { text, command, button, unsupported };
  Kind kind = Kind::text;
  std::int64_t chat_id = 0;
  std::int64_t user_id = 0;
  std::string text;             // the message text; for a command, what follows the command
  std::string command;          // "start", "admin", ... (lower case, without '/' and '@bot')
  std::string callback_id;      // button press
  std::int64_t message_id = 0;  // the pressed message (button), or the user's message
  std::string data;             // button data, as sent by the client: validate before use
};

// nullopt for updates with nothing to answer (no chat).
std::optional<Incoming> from_update(const telegram::Update& update);

// Text → Incoming of kind text or command ("/Start@DealBot promo" → command "start", text "promo").
Incoming from_text(std::int64_t chat_id, std::int64_t user_id, std::string_view text);

}  // namespace dq::chat
