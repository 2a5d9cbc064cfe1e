#pragma once
// The Bot API logic of the fake Telegram server, without sockets: the chats, the bot's and users' messages,
// the update queue, and one method call → one envelope, validated like the real service (protocols.md §1).
// fake_telegram_server.cpp does the HTTP and the long-poll waiting; tests can drive this directly.
//
// Parameters arrive already decoded (query string, form, JSON or multipart: see decode_params) as one JSON
// object; object parameters sent as JSON strings (form/multipart) are parsed where the API expects objects.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dq::testing {

struct TgButton {
  std::string text, callback_data;
};
using TgKeyboard = std::vector<std::vector<TgButton>>;

struct TgMessage {  // a message in a chat, as the fake keeps it
  std::int64_t message_id = 0, chat_id = 0;
  bool from_bot = false;
  std::string text;  // as sent (with HTML tags) for bot messages
  std::string parse_mode;
  TgKeyboard keyboard;  // current inline keyboard (empty: none)
  int edits = 0;        // successful editMessageText calls on it
  std::string document_name, document_content;
};

struct TgCall {  // every bot call, in order
  std::string method;
  nlohmann::json params;
  int http_status = 200;
  std::string error;  // the description of a refused call
};

struct TgReply {
  int status = 200;
  nlohmann::json body;
  // The server's, for a wire fault: "stall" or "reset" once half of the response is sent (the call itself
  // took effect, as it would have at Telegram when the answer breaks on the way back).
  std::string wire_fault = {};
};

// Parameters of one request: query string, then the body by its content type.
std::optional<nlohmann::json> decode_params(std::string_view query, std::string_view content_type,
                                            std::string_view body, std::string* document_name = nullptr,
                                            std::string* document = nullptr);

// Telegram's parse_mode=HTML check: supported tags only, properly nested, known entities. The error text is
// the one Telegram gives ("can't parse entities: ..."), empty when fine. `visible` gets the text a reader
// sees.
std::string check_html(std::string_view html, std::string* visible);
std::size_t code_points(std::string_view utf8);

class FakeTelegramApi {
 public:
  explicit FakeTelegramApi(std::string token) : token_(std::move(token)) {}

  const std::string& token() const { return token_; }

  // Users (tests). Each returns the update_id.
  std::int64_t user_sends(std::int64_t chat_id, std::int64_t user_id, std::string text, std::int64_t now_s);
  std::int64_t user_sends_raw(nlohmann::json message_fields, std::int64_t now_s);
  std::int64_t user_presses(std::int64_t chat_id, std::int64_t user_id, std::int64_t message_id,
                            std::string data);

  // One call from the bot (getUpdates excluded: see take_updates). Records it.
  TgReply call(const std::string& method, const nlohmann::json& params, std::int64_t now_s);
  // getUpdates: confirms everything below `offset`, returns up to `limit` pending updates (recorded as a
  // call).
  TgReply take_updates(const nlohmann::json& params);
  bool has_updates(const nlohmann::json& params) const;
  void record(TgCall call) { calls_.push_back(std::move(call)); }

  const std::vector<TgCall>& calls() const { return calls_; }
  std::vector<TgMessage> bot_messages(std::int64_t chat_id) const;
  std::optional<TgMessage> message(std::int64_t chat_id, std::int64_t message_id) const;
  const std::vector<std::string>& answered_callbacks() const { return answered_; }
  std::int64_t confirmed_offset() const { return confirmed_offset_; }
  int pending_updates() const { return static_cast<int>(updates_.size()); }

  static TgReply error(int status, std::string description, std::optional<int> retry_after = std::nullopt);

 private:
  TgReply send_message(const nlohmann::json& p, std::int64_t now_s);
  TgReply edit_message_text(const nlohmann::json& p, std::int64_t now_s);
  TgReply answer_callback_query(const nlohmann::json& p);
  TgReply send_document(const nlohmann::json& p, std::int64_t now_s);
  TgReply set_my_commands(const nlohmann::json& p);
  std::optional<TgReply> check_text(const nlohmann::json& p, std::string& text, std::string& mode) const;
  std::optional<TgReply> read_keyboard(const nlohmann::json& p, TgKeyboard& keyboard) const;
  nlohmann::json message_json(const TgMessage& m) const;

  std::string token_;
  std::int64_t next_update_ = 1;
  std::int64_t next_message_ = 1;
  std::int64_t next_callback_ = 1;
  std::int64_t confirmed_offset_ = 0;
  std::vector<nlohmann::json> updates_;                   // pending, in order
  std::map<std::int64_t, std::vector<TgMessage>> chats_;  // every message, per chat
  std::map<std::string, bool> callbacks_;                 // id -> answered
  std::vector<std::string> answered_;
  std::vector<TgCall> calls_;
};

}  // namespace dq::testing
