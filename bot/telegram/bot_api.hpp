#pragma once
// The Telegram Bot API subset the bot uses (protocols.md §1), as pure functions: requests are built as
// http::Requests, responses parsed from http::Responses. The envelope's failures become stable errors:
//   telegram.rate_limited (429, with retry_after), telegram.not_modified (an edit with identical content:
//   callers treat it as success), telegram.conflict (409: another poller or a webhook),
//   telegram.unauthorized (401/404: bad token), telegram.forbidden (403: blocked by the user),
//   telegram.bad_request (other 400), telegram.server_error (5xx), telegram.bad_response (not the protocol).
// The token is part of the URL path; it never appears in an error message.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/error.hpp"
#include "bot/http/http_types.hpp"

namespace dq::telegram {

struct User {
  std::int64_t id = 0;
  bool is_bot = false;
  std::string first_name, username;
};

struct Message {
  std::int64_t message_id = 0;
  std::int64_t chat_id = 0;
  std::int64_t date = 0;  // Unix seconds
  std::optional<User> from;
  std::optional<std::string> text;  // absent for stickers, photos, ...
};

struct CallbackQuery {
  std::string id;
  User from;
  std::optional<Message> message;
  std::string data;  // arbitrary client-sent bytes: validate before use
};

struct Update {
  std::int64_t update_id = 0;
  std::optional<Message> message;
  std::optional<CallbackQuery> callback_query;
};

struct InlineButton {
  std::string text;
  std::string callback_data;  // 1-64 bytes
};
using InlineKeyboard = std::vector<std::vector<InlineButton>>;

struct BotEndpoint {
  std::string base_url = "https://api.telegram.org";
  std::string token;
};

http::Request get_updates(const BotEndpoint& bot, std::int64_t offset, int timeout_seconds);
http::Request send_message(const BotEndpoint& bot, std::int64_t chat_id, const std::string& html,
                           const std::optional<InlineKeyboard>& keyboard = std::nullopt);
http::Request edit_message_text(const BotEndpoint& bot, std::int64_t chat_id, std::int64_t message_id,
                                const std::string& html,
                                const std::optional<InlineKeyboard>& keyboard = std::nullopt);
http::Request answer_callback_query(const BotEndpoint& bot, const std::string& callback_query_id,
                                    const std::string& text = {});

http::Request get_me(const BotEndpoint& bot);
http::Request send_chat_action(const BotEndpoint& bot, std::int64_t chat_id,
                               const std::string& action = "typing");
struct BotCommand {
  std::string command;  // 1-32 of [a-z0-9_]
  std::string description;
};
http::Request set_my_commands(const BotEndpoint& bot, const std::vector<BotCommand>& commands);
// multipart/form-data with the file as the `document` part; `caption_html` may be empty (<= 1024 chars).
http::Request send_document(const BotEndpoint& bot, std::int64_t chat_id, const std::string& file_name,
                            const std::string& content, const std::string& caption_html = {});

core::Result<std::vector<Update>> parse_updates(const http::Response& response);
core::Result<Message> parse_message(const http::Response& response);
core::Result<User> parse_user(const http::Response& response);  // getMe
// For calls whose result the bot does not need (answerCallbackQuery, setMyCommands, ...).
core::Result<void> parse_ok(const http::Response& response);

// `e` with every occurrence of the bot's token replaced by "<token>" (transport errors name the URL).
core::Error without_token(core::Error e, const BotEndpoint& bot);

// Seconds Telegram asks us to wait (429 parameters.retry_after), when it says so.
std::optional<int> retry_after(const http::Response& response);

// The offset that confirms every update up to and including `handled` (max update_id + 1).
std::int64_t next_offset(std::int64_t current_offset, const std::vector<Update>& handled);

}  // namespace dq::telegram
