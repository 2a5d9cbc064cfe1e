#include "bot/chat/callback_data.hpp"

#include <gtest/gtest.h>

#include "bot/chat/incoming.hpp"

namespace dq::chat {
namespace {

TEST(CallbackData, RoundTripsWhatTheBotMakes) {
  auto choose = parse_button(make_choose("used-car"));
  ASSERT_TRUE(choose);
  EXPECT_EQ(choose->kind, ButtonAction::Kind::choose_scenario);
  EXPECT_EQ(choose->choose.scenario, "used-car");
  auto page = parse_button(make_traces_page(12));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->traces.page, 12);
  auto yes = parse_button(make_confirm("abc123", true));
  ASSERT_TRUE(yes);
  EXPECT_TRUE(yes->confirm.confirmed);
  EXPECT_EQ(yes->confirm.nonce, "abc123");
  EXPECT_FALSE(parse_button(make_confirm("abc123", false))->confirm.confirmed);
  auto restart = parse_button(make_restart("1f3a9c07", true));
  ASSERT_TRUE(restart);
  EXPECT_EQ(restart->kind, ButtonAction::Kind::restart);
  EXPECT_EQ(restart->restart.nonce, "1f3a9c07");
  EXPECT_TRUE(restart->restart.start_over);
  EXPECT_FALSE(parse_button(make_restart("1f3a9c07", false))->restart.start_over);
}

TEST(CallbackData, ANegotiationNonceIsEightHexDigitsThatTellNegotiationsApart) {
  const std::string a = negotiation_nonce("tg-4242-1700000000000");
  EXPECT_EQ(a.size(), 8u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos) << a;
  EXPECT_EQ(a, negotiation_nonce("tg-4242-1700000000000")) << "stable, so a restart keeps old buttons valid";
  EXPECT_NE(a, negotiation_nonce("tg-4242-1700000000001"));
  EXPECT_TRUE(parse_button(make_restart(a, true)));
}

TEST(CallbackData, RejectsEverythingElse) {
  for (std::string bad :
       std::vector<std::string>{"", "sc:", "sc:Used-Car", "sc:a b", "tp:", "tp:0", "tp:1x", "tp:007",
                                "tp:99999999999", "at:x:q", "at::y", "at:abc", "rs:x:q", "rs::y", "rs:AB:y",
                                "zz:1", "sc:used-car\n", std::string(65, 'a'), std::string("sc:\xd0\xb0", 5)})
    EXPECT_FALSE(parse_button(bad)) << bad;
}

TEST(Incoming, SplitsCommandsFromTheirArguments) {
  auto in = from_text(1, 2, "/Admin@DealQuestBot  trace 0af3");
  EXPECT_EQ(in.kind, Incoming::Kind::command);
  EXPECT_EQ(in.command, "admin");
  EXPECT_EQ(in.text, "trace 0af3");
  EXPECT_EQ(from_text(1, 2, "I offer $80k").kind, Incoming::Kind::text);
  EXPECT_EQ(from_text(1, 2, "/").kind, Incoming::Kind::text);
  EXPECT_EQ(from_text(1, 2, "/ 5").kind, Incoming::Kind::text);
}

TEST(Incoming, ComesFromMessagesAndButtonPressesButNotFromBots) {
  telegram::Update u;
  u.update_id = 5;
  u.message = telegram::Message{9, 100, 1, telegram::User{7, false, "A", ""}, std::nullopt};
  auto sticker = from_update(u);
  ASSERT_TRUE(sticker);
  EXPECT_EQ(sticker->kind, Incoming::Kind::unsupported);
  u.message->from->is_bot = true;
  EXPECT_FALSE(from_update(u));
  telegram::Update press;
  press.callback_query =
      telegram::CallbackQuery{"q1", telegram::User{7, false, "A", ""},
                              telegram::Message{43, 100, 1, std::nullopt, std::nullopt}, "tp:2"};
  auto in = from_update(press);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->kind, Incoming::Kind::button);
  EXPECT_EQ(in->chat_id, 100);
  EXPECT_EQ(in->message_id, 43);
  EXPECT_EQ(in->data, "tp:2");
}

}  // namespace
}  // namespace dq::chat
