#include "tests/support/fake_telegram_api.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace dq::testing {
namespace {

using nlohmann::json;

TgKeyboard keyboard_of(const json& markup) {
  TgKeyboard k;
  if (!markup.is_object() || !markup.contains("inline_keyboard")) return k;
  for (const auto& row : markup["inline_keyboard"]) {
    std::vector<TgButton> buttons;
    for (const auto& b : row) buttons.push_back({b.value("text", ""), b.value("callback_data", "")});
    k.push_back(std::move(buttons));
  }
  return k;
}

json keyboard_json(const TgKeyboard& k) {
  json rows = json::array();
  for (const auto& row : k) {
    json buttons = json::array();
    for (const auto& b : row) buttons.push_back({{"text", b.text}, {"callback_data", b.callback_data}});
    rows.push_back(buttons);
  }
  return {{"inline_keyboard", rows}};
}

}  // namespace

TgReply FakeTelegramApi::error(int status, std::string description, std::optional<int> retry_after) {
  json body = {{"ok", false}, {"error_code", status}, {"description", std::move(description)}};
  if (retry_after) body["parameters"] = {{"retry_after", *retry_after}};
  return {status, body};
}

json FakeTelegramApi::message_json(const TgMessage& m) const {
  json j = {{"message_id", m.message_id},
            {"date", 1795000000},
            {"chat", {{"id", m.chat_id}, {"type", "private"}}},
            {"from", m.from_bot ? json{{"id", 999}, {"is_bot", true}, {"first_name", "DealQuestBot"}}
                                : json{{"id", m.chat_id}, {"is_bot", false}, {"first_name", "User"}}}};
  if (!m.text.empty()) j["text"] = m.text;
  if (!m.keyboard.empty()) j["reply_markup"] = keyboard_json(m.keyboard);
  if (m.edits > 0) j["edit_date"] = 1795000001;
  if (!m.document_name.empty())
    j["document"] = {{"file_id", "doc" + std::to_string(m.message_id)},
                     {"file_unique_id", "u" + std::to_string(m.message_id)},
                     {"file_name", m.document_name},
                     {"mime_type", "text/plain"},
                     {"file_size", m.document_content.size()}};
  return j;
}

std::int64_t FakeTelegramApi::user_sends(std::int64_t chat_id, std::int64_t user_id, std::string text,
                                         std::int64_t now_s) {
  json fields = {{"chat", {{"id", chat_id}, {"type", "private"}}},
                 {"from", {{"id", user_id}, {"is_bot", false}, {"first_name", "User"}}},
                 {"text", text}};
  if (text.starts_with("/"))
    fields["entities"] =
        json::array({{{"type", "bot_command"},
                      {"offset", 0},
                      {"length", text.find(' ') == std::string::npos ? text.size() : text.find(' ')}}});
  return user_sends_raw(std::move(fields), now_s);
}

std::int64_t FakeTelegramApi::user_sends_raw(json fields, std::int64_t now_s) {
  TgMessage m;
  m.message_id = next_message_++;
  m.chat_id = fields.contains("chat") ? fields["chat"].value("id", std::int64_t{0}) : 0;
  m.text = fields.value("text", "");
  chats_[m.chat_id].push_back(m);
  fields["message_id"] = m.message_id;
  fields["date"] = now_s;
  const std::int64_t id = next_update_++;
  updates_.push_back({{"update_id", id}, {"message", fields}});
  return id;
}

std::int64_t FakeTelegramApi::user_presses(std::int64_t chat_id, std::int64_t user_id,
                                           std::int64_t message_id, std::string data) {
  const std::string id = "cq" + std::to_string(next_callback_++);
  callbacks_[id] = false;
  json q = {{"id", id},
            {"from", {{"id", user_id}, {"is_bot", false}, {"first_name", "User"}}},
            {"chat_instance", "-" + std::to_string(chat_id)},
            {"data", std::move(data)}};
  if (auto m = message(chat_id, message_id))
    q["message"] = message_json(*m);
  else
    q["message"] = {
        {"message_id", message_id}, {"date", 0}, {"chat", {{"id", chat_id}, {"type", "private"}}}};
  const std::int64_t update = next_update_++;
  updates_.push_back({{"update_id", update}, {"callback_query", q}});
  return update;
}

bool FakeTelegramApi::has_updates(const json& params) const {
  const std::int64_t offset = params.value("offset", std::int64_t{0});
  return std::any_of(updates_.begin(), updates_.end(),
                     [&](const json& u) { return u["update_id"].get<std::int64_t>() >= offset; });
}

TgReply FakeTelegramApi::take_updates(const json& params) {
  const std::int64_t offset = params.contains("offset") && params["offset"].is_number_integer()
                                  ? params["offset"].get<std::int64_t>()
                                  : 0;
  int limit =
      params.contains("limit") && params["limit"].is_number_integer() ? params["limit"].get<int>() : 100;
  limit = std::clamp(limit, 1, 100);
  if (offset > 0) {
    std::erase_if(updates_, [&](const json& u) { return u["update_id"].get<std::int64_t>() < offset; });
    confirmed_offset_ = std::max(confirmed_offset_, offset);
  }
  std::set<std::string> allowed;
  if (params.contains("allowed_updates") && params["allowed_updates"].is_array())
    for (const auto& a : params["allowed_updates"]) allowed.insert(a.get<std::string>());
  json result = json::array();
  for (const auto& u : updates_) {
    if (static_cast<int>(result.size()) >= limit) break;
    const bool is_message = u.contains("message");
    if (!allowed.empty() && !allowed.contains(is_message ? "message" : "callback_query")) continue;
    result.push_back(u);
  }
  calls_.push_back({"getUpdates", params, 200, ""});
  return {200, {{"ok", true}, {"result", result}}};
}

std::optional<TgReply> FakeTelegramApi::check_text(const json& p, std::string& text,
                                                   std::string& mode) const {
  text = p.contains("text") && p["text"].is_string() ? p["text"].get<std::string>() : "";
  mode = p.contains("parse_mode") && p["parse_mode"].is_string() ? p["parse_mode"].get<std::string>() : "";
  std::string visible = text;
  if (mode == "HTML") {
    if (std::string bad = check_html(text, &visible); !bad.empty()) return error(400, bad);
  }
  if (visible.find_first_not_of(" \n\t") == std::string::npos)
    return error(400, "Bad Request: message text is empty");
  if (code_points(visible) > 4096) return error(400, "Bad Request: message is too long");
  return std::nullopt;
}

std::optional<TgReply> FakeTelegramApi::read_keyboard(const json& p, TgKeyboard& keyboard) const {
  if (!p.contains("reply_markup")) return std::nullopt;
  keyboard = keyboard_of(p["reply_markup"]);
  for (const auto& row : keyboard)
    for (const auto& b : row)
      if (b.callback_data.empty() || b.callback_data.size() > 64)
        return error(400, "Bad Request: BUTTON_DATA_INVALID");
  return std::nullopt;
}

TgReply FakeTelegramApi::send_message(const json& p, std::int64_t) {
  const std::int64_t chat =
      p.contains("chat_id") && p["chat_id"].is_number_integer() ? p["chat_id"].get<std::int64_t>() : 0;
  if (!chats_.contains(chat)) return error(400, "Bad Request: chat not found");
  TgMessage m;
  if (auto bad = check_text(p, m.text, m.parse_mode)) return *bad;
  if (auto bad = read_keyboard(p, m.keyboard)) return *bad;
  m.message_id = next_message_++;
  m.chat_id = chat;
  m.from_bot = true;
  chats_[chat].push_back(m);
  return {200, {{"ok", true}, {"result", message_json(m)}}};
}

TgReply FakeTelegramApi::edit_message_text(const json& p, std::int64_t) {
  const std::int64_t chat = p.value("chat_id", std::int64_t{0}), id = p.value("message_id", std::int64_t{0});
  auto it = chats_.find(chat);
  TgMessage* target = nullptr;
  if (it != chats_.end())
    for (auto& m : it->second)
      if (m.message_id == id && m.from_bot) target = &m;
  if (target == nullptr) return error(400, "Bad Request: message to edit not found");
  std::string text, mode;
  if (auto bad = check_text(p, text, mode)) return *bad;
  TgKeyboard keyboard;  // omitted reply_markup removes the keyboard (protocols.md §1.4)
  if (auto bad = read_keyboard(p, keyboard)) return *bad;
  if (text == target->text && keyboard_json(keyboard) == keyboard_json(target->keyboard))
    return error(400,
                 "Bad Request: message is not modified: specified new message content and reply markup are "
                 "exactly the same as a current content and reply markup of the message");
  target->text = std::move(text);
  target->parse_mode = std::move(mode);
  target->keyboard = std::move(keyboard);
  ++target->edits;
  return {200, {{"ok", true}, {"result", message_json(*target)}}};
}

TgReply FakeTelegramApi::answer_callback_query(const json& p) {
  const std::string id = p.value("callback_query_id", "");
  auto it = callbacks_.find(id);
  if (it == callbacks_.end() || it->second)
    return error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
  if (code_points(p.value("text", "")) > 200) return error(400, "Bad Request: MESSAGE_TOO_LONG");
  it->second = true;
  answered_.push_back(id);
  return {200, {{"ok", true}, {"result", true}}};
}

TgReply FakeTelegramApi::send_document(const json& p, std::int64_t) {
  const std::int64_t chat = p.value("chat_id", std::int64_t{0});
  if (!chats_.contains(chat)) return error(400, "Bad Request: chat not found");
  if (!p.contains("document_name")) return error(400, "Bad Request: there is no document in the request");
  TgMessage m;
  m.message_id = next_message_++;
  m.chat_id = chat;
  m.from_bot = true;
  m.document_name = p["document_name"].get<std::string>();
  m.document_content = p.value("document_content", "");
  const std::string caption = p.value("caption", "");
  if (p.value("parse_mode", "") == "HTML") {
    std::string visible;
    if (std::string bad = check_html(caption, &visible); !bad.empty()) return error(400, bad);
    if (code_points(visible) > 1024) return error(400, "Bad Request: message caption is too long");
  }
  chats_[chat].push_back(m);
  return {200, {{"ok", true}, {"result", message_json(m)}}};
}

TgReply FakeTelegramApi::set_my_commands(const json& p) {
  if (!p.contains("commands") || !p["commands"].is_array() || p["commands"].size() > 100)
    return error(400, "Bad Request: commands must be a list of at most 100");
  for (const auto& c : p["commands"]) {
    const std::string command = c.value("command", ""), description = c.value("description", "");
    const bool ok = !command.empty() && command.size() <= 32 &&
                    command.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos &&
                    !description.empty() && code_points(description) <= 256;
    if (!ok) return error(400, "Bad Request: BOT_COMMAND_INVALID");
  }
  return {200, {{"ok", true}, {"result", true}}};
}

TgReply FakeTelegramApi::call(const std::string& method, const json& params, std::int64_t now_s) {
  std::string m = method;
  std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return std::tolower(c); });
  TgReply r;
  if (m == "getme")
    r = {200,
         {{"ok", true},
          {"result",
           {{"id", 999},
            {"is_bot", true},
            {"first_name", "DealQuestBot"},
            {"username", "dealquest_test_bot"}}}}};
  else if (m == "sendmessage")
    r = send_message(params, now_s);
  else if (m == "editmessagetext")
    r = edit_message_text(params, now_s);
  else if (m == "answercallbackquery")
    r = answer_callback_query(params);
  else if (m == "senddocument")
    r = send_document(params, now_s);
  else if (m == "sendchataction")
    r = {200, {{"ok", true}, {"result", true}}};
  else if (m == "setmycommands")
    r = set_my_commands(params);
  else
    r = error(404, "Not Found");
  json recorded = params;
  recorded.erase("document_content");
  calls_.push_back({method, recorded, r.status, r.status == 200 ? "" : r.body.value("description", "")});
  return r;
}

std::vector<TgMessage> FakeTelegramApi::bot_messages(std::int64_t chat_id) const {
  std::vector<TgMessage> out;
  if (auto it = chats_.find(chat_id); it != chats_.end())
    for (const auto& m : it->second)
      if (m.from_bot) out.push_back(m);
  return out;
}

std::optional<TgMessage> FakeTelegramApi::message(std::int64_t chat_id, std::int64_t message_id) const {
  if (auto it = chats_.find(chat_id); it != chats_.end())
    for (const auto& m : it->second)
      if (m.message_id == message_id) return m;
  return std::nullopt;
}

}  // namespace dq::testing
