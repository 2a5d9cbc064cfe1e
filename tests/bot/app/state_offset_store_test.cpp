#include "bot/app/state_offset_store.hpp"

#include <gtest/gtest.h>

namespace dq::app {
namespace {

TEST(StateOffsetStore, KeepsTheOffsetUnderTheNameExistingStateFilesUse) {
  chat::InMemoryChatState state;
  StateOffsetStore offsets(state);
  EXPECT_FALSE(offsets.load_offset()->has_value()) << "nothing saved yet";
  ASSERT_TRUE(offsets.save_offset(1002).has_value());
  EXPECT_EQ(state.load_value("telegram.offset")->value_or(""), "1002");
  EXPECT_EQ(offsets.load_offset()->value_or(-1), 1002);
}

TEST(StateOffsetStore, AnUnreadableValueCountsAsNoneSaved) {
  chat::InMemoryChatState state;
  ASSERT_TRUE(state.save_value("telegram.offset", "12abc").has_value());
  StateOffsetStore offsets(state);
  auto loaded = offsets.load_offset();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_FALSE(loaded->has_value());
}

}  // namespace
}  // namespace dq::app
