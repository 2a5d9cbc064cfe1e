#pragma once
// Where a chat stands between messages, and the seams that keep it: the bot's handlers read and write a
// ChatSession per chat (stored, so a restart resumes every conversation), and small named values such as
// the last confirmed getUpdates offset. store::SqliteChatStore keeps both in the trace store's file;
// InMemoryChatState serves tests, benchmarks and throwaway consoles.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "bot/core/error.hpp"

namespace dq::chat {

enum class Stage {
  idle,         // no scenario chosen (or cancelled)
  choosing,     // the menu was shown (/start); text that picks no scenario gets the menu again
  negotiating,  // a scenario is running; text is a negotiation turn
  debriefed,    // the coach has scored it; /start picks another
};

const char* to_string(Stage stage);
std::optional<Stage> parse_stage(std::string_view text);

struct ChatSession {
  std::int64_t chat_id = 0;
  std::int64_t user_id = 0;
  Stage stage = Stage::idle;
  std::string scenario;         // scenario id
  std::string conversation_id;  // the pipeline's conversation
  int turns = 0;
  std::string pending;  // an admin action waiting for its confirm button ("test:<scenario>:<nonce>")
  std::int64_t updated_ms = 0;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  virtual core::Result<std::optional<ChatSession>> load_session(std::int64_t chat_id) = 0;
  virtual core::Result<void> save_session(const ChatSession& session) = 0;
};

class StateStore {
 public:
  virtual ~StateStore() = default;
  virtual core::Result<std::optional<std::string>> load_value(const std::string& name) = 0;
  virtual core::Result<void> save_value(const std::string& name, const std::string& value) = 0;
};

class InMemoryChatState final : public SessionStore, public StateStore {
 public:
  core::Result<std::optional<ChatSession>> load_session(std::int64_t chat_id) override;
  core::Result<void> save_session(const ChatSession& session) override;
  core::Result<std::optional<std::string>> load_value(const std::string& name) override;
  core::Result<void> save_value(const std::string& name, const std::string& value) override;

 private:
  std::mutex mutex_;
  std::map<std::int64_t, ChatSession> sessions_;
  std::map<std::string, std::string> values_;
};

}  // namespace dq::chat
