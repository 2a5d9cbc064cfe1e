#pragma once
// The bot's own state in the trace store's SQLite file (schema v2: conversations, chat_sessions,
// bot_state): the pipeline's conversations, each chat's session and named values such as the Telegram
// offset. Its own connection (WAL, busy timeout), guarded by a mutex; every write is one short transaction,
// so a SIGKILL leaves the last committed state. Errors are values (store.* codes as for SqliteStore).
// The updated_ms timestamps it writes come from the injected clock.
// SQLiteCpp stays out of this header.

#include <chrono>
#include <memory>
#include <string>

#include "bot/chat/session.hpp"
#include "bot/core/clock.hpp"
#include "bot/pipeline/conversation.hpp"

namespace dq::store {

class SqliteChatStore final : public pipeline::ConversationStore,
                              public chat::SessionStore,
                              public chat::StateStore {
 public:
  // Opens (and, if needed, migrates) the store at `path`. `clock` (wall time for updated_ms) must outlive it.
  static core::Result<std::unique_ptr<SqliteChatStore>> open(
      const std::string& path, const core::Clock& clock,
      std::chrono::milliseconds busy_timeout = std::chrono::milliseconds(5000));
  ~SqliteChatStore() override;
  SqliteChatStore(const SqliteChatStore&) = delete;
  SqliteChatStore& operator=(const SqliteChatStore&) = delete;

  core::Result<pipeline::Conversation> load(const std::string& id) override;
  core::Result<void> save(const pipeline::Conversation& conversation) override;

  core::Result<std::optional<chat::ChatSession>> load_session(std::int64_t chat_id) override;
  core::Result<void> save_session(const chat::ChatSession& session) override;

  core::Result<std::optional<std::string>> load_value(const std::string& name) override;
  core::Result<void> save_value(const std::string& name, const std::string& value) override;

 private:
  struct Impl;
  explicit SqliteChatStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dq::store
