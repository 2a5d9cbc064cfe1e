#include "bot/chat/session.hpp"

namespace dq::chat {

const char* to_string(Stage stage) {
  switch (stage) {
    case Stage::idle:
      return "idle";
    case Stage::choosing:
      return "choosing";
    case Stage::negotiating:
      return "negotiating";
    case Stage::debriefed:
      return "debriefed";
  }
  return "idle";
}

std::optional<Stage> parse_stage(std::string_view text) {
  for (Stage s : {Stage::idle, Stage::choosing, Stage::negotiating, Stage::debriefed})
    if (text == to_string(s)) return s;
  return std::nullopt;
}

core::Result<std::optional<ChatSession>> InMemoryChatState::load_session(std::int64_t chat_id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(chat_id);
  if (it == sessions_.end()) return std::optional<ChatSession>();
  return std::optional<ChatSession>(it->second);
}

core::Result<void> InMemoryChatState::save_session(const ChatSession& session) {
  std::lock_guard lock(mutex_);
  sessions_[session.chat_id] = session;
  return {};
}

core::Result<std::optional<std::string>> InMemoryChatState::load_value(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto it = values_.find(name);
  if (it == values_.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

core::Result<void> InMemoryChatState::save_value(const std::string& name, const std::string& value) {
  std::lock_guard lock(mutex_);
  values_[name] = value;
  return {};
}

}  // namespace dq::chat
