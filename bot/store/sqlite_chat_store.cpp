#include "bot/store/sqlite_chat_store.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "bot/store/migrations.hpp"
#include "bot/store/sqlite_error.hpp"
#include "bot/store/sqlite_guard.hpp"
#include "bot/store/store_errors.hpp"

namespace dq::store {
namespace {

std::string messages_json(const std::vector<llm::Message>& messages) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : messages) out.push_back({{"role", m.role}, {"content", m.content}});
  return out.dump();
}

core::Result<std::vector<llm::Message>> parse_messages(const std::string& text, const std::string& id) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_array())
    return core::fail(errc::corrupt, id, "conversation '" + id + "' holds messages that are not a JSON list");
  std::vector<llm::Message> out;
  for (const auto& m : doc) {
    if (!m.is_object() || !m.contains("role") || !m["role"].is_string() || !m.contains("content") ||
        !m["content"].is_string())
      return core::fail(errc::corrupt, id, "conversation '" + id + "' holds a malformed message");
    out.push_back({m["role"].get<std::string>(), m["content"].get<std::string>()});
  }
  return out;
}

}  // namespace

struct SqliteChatStore::Impl {
  std::string path;
  const core::Clock* clock = nullptr;
  std::mutex mutex;
  std::optional<SQLite::Database> db;

  template <class F>
  auto with_db(std::string_view doing, F&& f) -> decltype(f(*db)) {
    return guarded(mutex, *db, path, doing, std::forward<F>(f));
  }
};

SqliteChatStore::SqliteChatStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteChatStore::~SqliteChatStore() = default;

core::Result<std::unique_ptr<SqliteChatStore>> SqliteChatStore::open(const std::string& path,
                                                                     const core::Clock& clock,
                                                                     std::chrono::milliseconds busy_timeout) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->clock = &clock;
  try {
    impl->db.emplace(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
                     static_cast<int>(busy_timeout.count()));
    impl->db->exec("PRAGMA synchronous=NORMAL");
    const std::string mode = impl->db->execAndGet("PRAGMA journal_mode=WAL").getString();
    if (mode != "wal")
      return core::fail(errc::open, path, "cannot switch " + path + " to WAL mode; use a local file");
  } catch (const SQLite::Exception& e) {
    return std::unexpected(translate(e, path, "opening the bot's state"));
  }
  if (auto m = migrate(*impl->db, path); !m) return std::unexpected(m.error());
  return std::unique_ptr<SqliteChatStore>(new SqliteChatStore(std::move(impl)));
}

core::Result<pipeline::Conversation> SqliteChatStore::load(const std::string& id) {
  return impl_->with_db(
      "loading a conversation", [&](SQLite::Database& db) -> core::Result<pipeline::Conversation> {
        SQLite::Statement q(db, "SELECT messages, debrief FROM conversations WHERE conversation_id = ?");
        q.bind(1, id);
        pipeline::Conversation c{id, {}, {}};
        if (!q.executeStep()) return c;
        auto messages = parse_messages(q.getColumn(0).getString(), id);
        if (!messages) return std::unexpected(messages.error());
        c.messages = std::move(*messages);
        c.debrief = q.getColumn(1).getString();
        return c;
      });
}

core::Result<void> SqliteChatStore::save(const pipeline::Conversation& c) {
  return impl_->with_db("saving a conversation", [&](SQLite::Database& db) -> core::Result<void> {
    SQLite::Statement q(
        db,
        "INSERT INTO conversations (conversation_id, messages, debrief, updated_ms) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (conversation_id) DO UPDATE SET messages = excluded.messages, "
        "debrief = excluded.debrief, updated_ms = excluded.updated_ms");
    q.bind(1, c.id);
    q.bind(2, messages_json(c.messages));
    q.bind(3, c.debrief);
    q.bind(4, impl_->clock->wall_ms());
    q.exec();
    return {};
  });
}

core::Result<std::optional<chat::ChatSession>> SqliteChatStore::load_session(std::int64_t chat_id) {
  using Out = core::Result<std::optional<chat::ChatSession>>;
  return impl_->with_db("loading a chat session", [&](SQLite::Database& db) -> Out {
    SQLite::Statement q(db,
                        "SELECT user_id, stage, scenario, conversation_id, turns, pending, updated_ms "
                        "FROM chat_sessions WHERE chat_id = ?");
    q.bind(1, chat_id);
    if (!q.executeStep()) return std::optional<chat::ChatSession>();
    chat::ChatSession s;
    s.chat_id = chat_id;
    s.user_id = q.getColumn(0).getInt64();
    auto stage = chat::parse_stage(q.getColumn(1).getString());
    if (!stage)
      return core::fail(
          errc::corrupt, impl_->path,
          "chat " + std::to_string(chat_id) + " has an unknown stage '" + q.getColumn(1).getString() + "'");
    s.stage = *stage;
    s.scenario = q.getColumn(2).getString();
    s.conversation_id = q.getColumn(3).getString();
    s.turns = q.getColumn(4).getInt();
    s.pending = q.getColumn(5).getString();
    s.updated_ms = q.getColumn(6).getInt64();
    return std::optional<chat::ChatSession>(std::move(s));
  });
}

core::Result<void> SqliteChatStore::save_session(const chat::ChatSession& s) {
  return impl_->with_db("saving a chat session", [&](SQLite::Database& db) -> core::Result<void> {
    SQLite::Statement q(
        db,
        "INSERT OR REPLACE INTO chat_sessions (chat_id, user_id, stage, scenario, conversation_id, "
        "turns, pending, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, s.chat_id);
    q.bind(2, s.user_id);
    q.bind(3, chat::to_string(s.stage));
    q.bind(4, s.scenario);
    q.bind(5, s.conversation_id);
    q.bind(6, s.turns);
    q.bind(7, s.pending);
    q.bind(8, s.updated_ms != 0 ? s.updated_ms : impl_->clock->wall_ms());
    q.exec();
    return {};
  });
}

core::Result<std::optional<std::string>> SqliteChatStore::load_value(const std::string& name) {
  using Out = core::Result<std::optional<std::string>>;
  return impl_->with_db("reading the bot's state", [&](SQLite::Database& db) -> Out {
    SQLite::Statement q(db, "SELECT value FROM bot_state WHERE name = ?");
    q.bind(1, name);
    if (!q.executeStep()) return std::optional<std::string>();
    return std::optional<std::string>(q.getColumn(0).getString());
  });
}

core::Result<void> SqliteChatStore::save_value(const std::string& name, const std::string& value) {
  return impl_->with_db("saving the bot's state", [&](SQLite::Database& db) -> core::Result<void> {
    SQLite::Statement q(db, "INSERT OR REPLACE INTO bot_state (name, value) VALUES (?, ?)");
    q.bind(1, name);
    q.bind(2, value);
    q.exec();
    return {};
  });
}

}  // namespace dq::store
