#include "bot/pipeline/conversation.hpp"

#include <gtest/gtest.h>

namespace dq::pipeline {
namespace {

// A store that refuses every save while `full`, as one on a full disk does.
class FullStore final : public ConversationStore {
 public:
  core::Result<Conversation> load(const std::string& id) override { return inner.load(id); }
  core::Result<void> save(const Conversation& c) override {
    if (full) return core::fail("store.full", "bot.db", "database or disk is full");
    return inner.save(c);
  }
  InMemoryConversationStore inner;
  bool full = false;
};

Conversation with_turns(int turns) {
  Conversation c;
  c.id = "chat-1";
  for (int i = 0; i < turns; ++i) c.messages.push_back({"user", "turn " + std::to_string(i)});
  return c;
}

TEST(FallbackConversationStore, ARefusedSaveIsHeldInMemorySoTheNextTurnSeesItAndALaterSaveCatchesUp) {
  FullStore store;
  FallbackConversationStore fallback(store);
  ASSERT_TRUE(fallback.save(with_turns(1)).has_value());
  store.full = true;
  EXPECT_TRUE(fallback.save(with_turns(2)).has_value()) << "never an error: the bot goes on";
  EXPECT_EQ(fallback.unsaved(), 1u);
  EXPECT_EQ(fallback.load("chat-1")->messages.size(), 2u) << "the unsaved turn is not lost";
  EXPECT_EQ(store.load("chat-1")->messages.size(), 1u);
  store.full = false;
  ASSERT_TRUE(fallback.save(with_turns(3)).has_value());
  EXPECT_EQ(fallback.unsaved(), 0u) << "memory is held only while the store fails";
  EXPECT_EQ(store.load("chat-1")->messages.size(), 3u);
}

}  // namespace
}  // namespace dq::pipeline
