#include "bot/store/sqlite_chat_store.hpp"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "bot/store/sqlite_store.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::store {
namespace {

// Every test reads its `clock` here (wall time 1'790'000'000'000 ms until advanced).
testing::FakeClock clock;

TEST(SqliteChatStore, KeepsConversationsSessionsAndValuesAcrossReopening) {
  testing::TempDir dir;
  const std::string path = (dir / "bot.db").string();
  {
    auto store = SqliteChatStore::open(path, clock);
    ASSERT_TRUE(store.has_value()) << store.error().to_string();
    pipeline::Conversation c{
        "conv-1", {{"user", "I offer <b>80k</b> & more"}, {"assistant", "Нет, 95 000 €"}}, "{\"score\":7}"};
    ASSERT_TRUE((*store)->save(c).has_value());
    chat::ChatSession s;
    s.chat_id = -100123;
    s.user_id = 42;
    s.stage = chat::Stage::negotiating;
    s.scenario = "used-car";
    s.conversation_id = "conv-1";
    s.turns = 3;
    s.pending = "test:used-car:replay::abc";
    ASSERT_TRUE((*store)->save_session(s).has_value());
    ASSERT_TRUE((*store)->save_value("telegram.offset", "1001").has_value());
    ASSERT_TRUE((*store)->save_value("telegram.offset", "1002").has_value());
  }
  auto store = SqliteChatStore::open(path, clock);
  ASSERT_TRUE(store.has_value());
  auto c = (*store)->load("conv-1");
  ASSERT_TRUE(c.has_value());
  ASSERT_EQ(c->messages.size(), 2u);
  EXPECT_EQ(c->messages[0].content, "I offer <b>80k</b> & more");
  EXPECT_EQ(c->messages[1].content, "Нет, 95 000 €");
  EXPECT_EQ(c->debrief, "{\"score\":7}");
  auto s = (*store)->load_session(-100123);
  ASSERT_TRUE(s.has_value() && s->has_value());
  EXPECT_EQ((*s)->stage, chat::Stage::negotiating);
  EXPECT_EQ((*s)->turns, 3);
  EXPECT_EQ((*s)->pending, "test:used-car:replay::abc");
  EXPECT_EQ((*store)->load_value("telegram.offset")->value_or(""), "1002");
  EXPECT_FALSE((*store)->load_session(5)->has_value());
  EXPECT_TRUE((*store)->load("never-seen")->messages.empty());
}

TEST(SqliteChatStore, SharesTheFileWithTheTraceStore) {
  testing::TempDir dir;
  const std::string path = (dir / "shared.db").string();
  auto traces = SqliteStore::open(path);
  ASSERT_TRUE(traces.has_value());
  auto chats = SqliteChatStore::open(path, clock);
  ASSERT_TRUE(chats.has_value()) << chats.error().to_string();
  ASSERT_TRUE((*chats)->save_value("k", "v").has_value());
  EXPECT_TRUE((*traces)->latest_run().has_value());
}

TEST(SqliteChatStore, ReportsACorruptRowInsteadOfThrowing) {
  testing::TempDir dir;
  const std::string path = (dir / "bad.db").string();
  auto store = SqliteChatStore::open(path, clock);
  ASSERT_TRUE(store.has_value());
  pipeline::Conversation c{"c", {{"user", "x"}}, ""};
  ASSERT_TRUE((*store)->save(c).has_value());
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);  // someone edits the file by hand
    raw.exec("UPDATE conversations SET messages = 'not json'");
  }
  auto loaded = (*store)->load("c");
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, "store.corrupt");
}

TEST(SqliteChatStore, StampsWritesWithTheInjectedClocksWallTime) {
  testing::TempDir dir;
  const std::string path = (dir / "stamps.db").string();
  testing::FakeClock at(1'800'000'000'000);
  auto store = SqliteChatStore::open(path, at);
  ASSERT_TRUE(store.has_value()) << store.error().to_string();
  at.advance_ms(250);
  pipeline::Conversation c{"c", {{"user", "x"}}, ""};
  ASSERT_TRUE((*store)->save(c).has_value());
  chat::ChatSession s;
  s.chat_id = 9;
  ASSERT_TRUE((*store)->save_session(s).has_value());
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT updated_ms FROM conversations").getInt64(), 1'800'000'000'250);
  EXPECT_EQ(raw.execAndGet("SELECT updated_ms FROM chat_sessions").getInt64(), 1'800'000'000'250);
  auto loaded = (*store)->load_session(9);
  ASSERT_TRUE(loaded.has_value() && loaded->has_value());
  EXPECT_EQ((*loaded)->updated_ms, 1'800'000'000'250);
}

}  // namespace
}  // namespace dq::store
