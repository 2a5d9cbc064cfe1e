#include "bot/telegram/bot_api.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

#include "bot/telegram/telegram_errors.hpp"

namespace dq::telegram {
namespace {

using nlohmann::json;

http::Request call(const BotEndpoint& bot, const std::string& method, const json& body,
                   std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  http::Request r;
  r.method = "POST";
  r.url = bot.base_url + "/bot" + bot.token + "/" + method;
  r.headers.push_back({"content-type", "application/json"});
  r.body = body.dump();
  r.timeout = timeout;
  return r;
}

// The fields of a reply are read as untrusted: a field of another type, or an integer outside int64, counts
// as absent. nlohmann's value() and get<>() would throw type_error on the wrong type, and a number written
// as a float too large for the target type would be converted with undefined behaviour (both found by
// fuzz/telegram_update_fuzz.cpp).
std::optional<std::int64_t> int_at(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  if (it->is_number_unsigned() &&
      it->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return std::nullopt;
  return it->get<std::int64_t>();
}

std::string string_at(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool bool_at(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

json keyboard_json(const InlineKeyboard& keyboard) {
  json rows = json::array();
  for (const auto& row : keyboard) {
    json buttons = json::array();
    for (const auto& b : row) buttons.push_back({{"text", b.text}, {"callback_data", b.callback_data}});
    rows.push_back(std::move(buttons));
  }
  return {{"inline_keyboard", rows}};
}

core::Error bad_response(const std::string& what) {
  return {std::string(errc::bad_response), "", what};
}

// The envelope: {"ok": true, "result": ...} or {"ok": false, "error_code": N, "description": "..."}.
core::Result<json> result_of(const http::Response& r) {
  json doc = json::parse(r.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("ok") || !doc["ok"].is_boolean())
    return std::unexpected(
        bad_response("HTTP " + std::to_string(r.status) + " without the Bot API envelope"));
  if (doc["ok"].get<bool>()) {
    if (!doc.contains("result")) return std::unexpected(bad_response("ok without a result"));
    return doc["result"];
  }
  const std::optional<std::int64_t> error_code = int_at(doc, "error_code");
  const int code =
      error_code && *error_code >= 0 && *error_code <= 999 ? static_cast<int>(*error_code) : r.status;
  const std::string description = string_at(doc, "description");
  const core::ErrorCode id = code == 429                  ? errc::rate_limited
                             : code == 409                ? errc::conflict
                             : code == 401 || code == 404 ? errc::unauthorized
                             : code == 403                ? errc::forbidden
                             : code >= 500                ? errc::server_error
                             : description.find("message is not modified") != std::string::npos
                                 ? errc::not_modified
                                 : errc::bad_request;
  return core::fail(std::string(id), "", "Telegram " + std::to_string(code) + ": " + description);
}

std::optional<User> user_of(const json& j) {
  const std::optional<std::int64_t> id = int_at(j, "id");
  if (!id) return std::nullopt;
  return User{*id, bool_at(j, "is_bot"), string_at(j, "first_name"), string_at(j, "username")};
}

std::optional<Message> message_of(const json& j) {
  if (!j.is_object() || !j.contains("chat")) return std::nullopt;
  const std::optional<std::int64_t> message_id = int_at(j, "message_id"), chat_id = int_at(j["chat"], "id");
  if (!message_id || !chat_id) return std::nullopt;
  Message m;
  m.message_id = *message_id;
  m.chat_id = *chat_id;
  m.date = int_at(j, "date").value_or(0);
  if (j.contains("from")) m.from = user_of(j["from"]);
  if (j.contains("text") && j["text"].is_string()) m.text = j["text"].get<std::string>();
  return m;
}

}  // namespace

http::Request get_updates(const BotEndpoint& bot, std::int64_t offset, int timeout_seconds) {
  // The HTTP timeout outlives the long poll, so an empty poll ends with Telegram's answer, not ours.
  return call(
      bot, "getUpdates",
      {{"offset", offset}, {"timeout", timeout_seconds}, {"allowed_updates", {"message", "callback_query"}}},
      std::chrono::seconds(timeout_seconds + 15));
}

http::Request send_message(const BotEndpoint& bot, std::int64_t chat_id, const std::string& html,
                           const std::optional<InlineKeyboard>& keyboard) {
  json body = {{"chat_id", chat_id},
               {"text", html},
               {"parse_mode", "HTML"},
               {"link_preview_options", {{"is_disabled", true}}}};
  if (keyboard) body["reply_markup"] = keyboard_json(*keyboard);
  return call(bot, "sendMessage", body);
}

http::Request edit_message_text(const BotEndpoint& bot, std::int64_t chat_id, std::int64_t message_id,
                                const std::string& html, const std::optional<InlineKeyboard>& keyboard) {
  // Omitting reply_markup removes the keyboard (protocols.md §1.4), so pass it again to keep it.
  json body = {{"chat_id", chat_id},
               {"message_id", message_id},
               {"text", html},
               {"parse_mode", "HTML"},
               {"link_preview_options", {{"is_disabled", true}}}};
  if (keyboard) body["reply_markup"] = keyboard_json(*keyboard);
  return call(bot, "editMessageText", body);
}

http::Request answer_callback_query(const BotEndpoint& bot, const std::string& id, const std::string& text) {
  json body = {{"callback_query_id", id}};
  if (!text.empty()) body["text"] = text;
  return call(bot, "answerCallbackQuery", body);
}

http::Request get_me(const BotEndpoint& bot) {
  return call(bot, "getMe", json::object(), std::chrono::seconds(15));
}

http::Request send_chat_action(const BotEndpoint& bot, std::int64_t chat_id, const std::string& action) {
  return call(bot, "sendChatAction", {{"chat_id", chat_id}, {"action", action}});
}

http::Request set_my_commands(const BotEndpoint& bot, const std::vector<BotCommand>& commands) {
  json list = json::array();
  for (const auto& c : commands) list.push_back({{"command", c.command}, {"description", c.description}});
  return call(bot, "setMyCommands", {{"commands", list}});
}

http::Request send_document(const BotEndpoint& bot, std::int64_t chat_id, const std::string& file_name,
                            const std::string& content, const std::string& caption_html) {
  // A boundary that does not occur in the parts (RFC 2046 §5.1.1); the counter makes it unique quickly.
  std::string boundary = "dealquest-boundary-0";
  for (int i = 1;
       content.find(boundary) != std::string::npos || caption_html.find(boundary) != std::string::npos; ++i)
    boundary = "dealquest-boundary-" + std::to_string(i);
  std::string safe_name;
  for (char c : file_name) safe_name += (c == '"' || c == '\\' || c == '\r' || c == '\n') ? '_' : c;
  std::string body;
  auto field = [&](const std::string& name, const std::string& value) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value +
            "\r\n";
  };
  field("chat_id", std::to_string(chat_id));
  if (!caption_html.empty()) {
    field("caption", caption_html);
    field("parse_mode", "HTML");
  }
  body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"document\"; filename=\"" + safe_name +
          "\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
  http::Request r;
  r.method = "POST";
  r.url = bot.base_url + "/bot" + bot.token + "/sendDocument";
  r.headers.push_back({"content-type", "multipart/form-data; boundary=" + boundary});
  r.body = std::move(body);
  r.timeout = std::chrono::seconds(60);
  return r;
}

core::Result<std::vector<Update>> parse_updates(const http::Response& response) {
  auto result = result_of(response);
  if (!result) return std::unexpected(result.error());
  if (!result->is_array()) return std::unexpected(bad_response("getUpdates result is not a list"));
  std::vector<Update> updates;
  for (const auto& u : *result) {
    // The largest int64 is refused too: the offset that confirms it (update_id + 1) would overflow.
    const std::optional<std::int64_t> update_id = int_at(u, "update_id");
    if (!update_id || *update_id == std::numeric_limits<std::int64_t>::max())
      return std::unexpected(bad_response("an update without update_id"));
    Update out;
    out.update_id = *update_id;
    if (u.contains("message")) out.message = message_of(u["message"]);
    if (u.contains("callback_query") && u["callback_query"].is_object()) {
      const json& q = u["callback_query"];
      auto from = q.contains("from") ? user_of(q["from"]) : std::nullopt;
      if (q.contains("id") && q["id"].is_string() && from) {
        CallbackQuery cq{q["id"].get<std::string>(), *from, std::nullopt, string_at(q, "data")};
        if (q.contains("message")) cq.message = message_of(q["message"]);
        out.callback_query = std::move(cq);
      }
    }
    updates.push_back(std::move(out));  // kinds we do not handle still advance the offset
  }
  return updates;
}

core::Result<Message> parse_message(const http::Response& response) {
  auto result = result_of(response);
  if (!result) return std::unexpected(result.error());
  auto m = message_of(*result);
  if (!m) return std::unexpected(bad_response("result is not a Message"));
  return *m;
}

core::Result<User> parse_user(const http::Response& response) {
  auto result = result_of(response);
  if (!result) return std::unexpected(result.error());
  auto u = user_of(*result);
  if (!u) return std::unexpected(bad_response("result is not a User"));
  return *u;
}

core::Result<void> parse_ok(const http::Response& response) {
  auto result = result_of(response);
  if (!result) return std::unexpected(result.error());
  return {};
}

core::Error without_token(core::Error e, const BotEndpoint& bot) {
  if (bot.token.empty()) return e;
  for (std::string* text : {&e.where, &e.message, &e.detail})
    for (auto at = text->find(bot.token); at != std::string::npos; at = text->find(bot.token, at))
      text->replace(at, bot.token.size(), "<token>");
  return e;
}

std::optional<int> retry_after(const http::Response& response) {
  json doc = json::parse(response.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  auto p = doc.find("parameters");
  if (p == doc.end()) return std::nullopt;
  // A value that does not fit an int is not a wait Telegram means: no hint (the Sender backs off its own
  // way).
  const std::optional<std::int64_t> seconds = int_at(*p, "retry_after");
  if (!seconds || *seconds < 0 || *seconds > std::numeric_limits<int>::max()) return std::nullopt;
  return static_cast<int>(*seconds);
}

std::int64_t next_offset(std::int64_t current, const std::vector<Update>& handled) {
  for (const auto& u : handled) current = std::max(current, u.update_id + 1);
  return current;
}

}  // namespace dq::telegram
