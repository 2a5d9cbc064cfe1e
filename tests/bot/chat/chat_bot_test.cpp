#include "bot/chat/chat_bot.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "bot/chat/callback_data.hpp"
#include "bot/pipeline/steps.hpp"
#include "bot/runtime/llm_stack.hpp"
#include "bot/trace/tracer.hpp"
#include "tests/support/fake_timers.hpp"
#include "tests/support/recording_messenger.hpp"
#include "tests/support/recording_span_sink.hpp"

namespace dq::chat {
namespace {

constexpr std::int64_t kChat = 4242, kUser = 77;

const ScenarioCatalog& catalog() {
  static const ScenarioCatalog c = [] {
    auto loaded = ScenarioCatalog::load(std::string(DQ_SOURCE_DIR) + "/scenarios");
    if (!loaded) throw std::runtime_error(loaded.error().to_string());
    return std::move(*loaded);
  }();
  return c;
}

struct World {
  boost::asio::io_context io;
  testing::RecordingMessenger messenger;
  InMemoryChatState state;
  pipeline::InMemoryConversationStore conversations;
  LlmSide llm{runtime::dry_run_factory(true, 0)};
  testing::RecordingSpanSink spans;
  testing::FakeClock clock;
  testing::FakeTimers timers{clock};
  trace::Tracer tracer{clock, spans};
  std::unique_ptr<ChatBot> bot = make_bot();

  std::unique_ptr<ChatBot> make_bot() {
    ChatBotOptions o;
    o.admins = {1};
    o.run_id = "run-test";
    o.progress_throttle = std::chrono::milliseconds(0);
    return std::make_unique<ChatBot>(ChatBotDeps{io.get_executor(), messenger, catalog(), llm, conversations,
                                                 state, clock, timers, &tracer, nullptr},
                                     o);
  }

  void send(Incoming in) { testing::run_with_fake_time(io, timers, bot->handle(std::move(in))); }
  void type(const std::string& text, std::int64_t user = kUser) { send(from_text(kChat, user, text)); }
  void press(std::int64_t message_id, std::string data) {
    Incoming in;
    in.kind = Incoming::Kind::button;
    in.chat_id = kChat;
    in.user_id = kUser;
    in.message_id = message_id;
    in.callback_id = "cq" + std::to_string(messenger.answered.size() + 1);
    in.data = std::move(data);
    send(std::move(in));
  }
  ChatSession session() { return state.load_session(kChat)->value(); }
};

TEST(ChatBot, StartShowsEveryScenarioAsAButton) {
  World w;
  w.type("/start");
  ASSERT_EQ(w.messenger.order.size(), 1u);
  const auto& menu = w.messenger.last();
  EXPECT_NE(menu.html.find("Choose a scenario"), std::string::npos);
  ASSERT_EQ(menu.keyboard.size(), catalog().all().size());
  EXPECT_EQ(menu.keyboard[0][0].callback_data, make_choose(catalog().all()[0].id));
}

TEST(ChatBot, AFullNegotiationEditsOneProgressMessageIntoEachReplyThenDebriefs) {
  World w;
  w.type("/start");
  const std::int64_t menu = w.messenger.order.back();
  const auto& s = catalog().all()[0];
  w.press(menu, make_choose(s.id));
  EXPECT_EQ(w.messenger.answered.size(), 1u) << "the button press is answered";
  EXPECT_TRUE(w.messenger.messages.at(menu).keyboard.empty()) << "the menu loses its buttons once chosen";
  EXPECT_EQ(w.session().stage, Stage::negotiating);

  const std::size_t before = w.messenger.order.size();
  w.type("I can offer 80k, what do you say?");
  ASSERT_EQ(w.messenger.order.size(), before + 1)
      << "one message per turn: the progress message becomes the reply";
  const auto& reply = w.messenger.last();
  EXPECT_GE(reply.edits, 1);
  EXPECT_NE(reply.history.front().find("⏳"), std::string::npos) << reply.history.front();
  EXPECT_NE(reply.html.find("<b>" + s.persona.name + "</b>"), std::string::npos) << reply.html;
  EXPECT_EQ(w.session().turns, 1);

  w.type("/debrief");
  EXPECT_NE(w.messenger.last().html.find("Debrief"), std::string::npos) << w.messenger.last().html;
  EXPECT_NE(w.messenger.last().html.find("/10"), std::string::npos) << w.messenger.last().html;
  EXPECT_EQ(w.session().stage, Stage::debriefed);

  // Both pipelines were traced, with the chat and the user on the trace.
  const trace::SpanRecord* turn = w.spans.find("pipeline.turn");
  const trace::SpanRecord* debrief = w.spans.find("pipeline.debrief");
  ASSERT_NE(turn, nullptr);
  ASSERT_NE(debrief, nullptr);
  EXPECT_EQ(turn->trace.chat_id, std::to_string(kChat));
  EXPECT_EQ(turn->trace.user_id, std::to_string(kUser));
  EXPECT_EQ(turn->trace.run_id, "run-test");
  EXPECT_EQ(turn->trace.scenario, s.id);
  EXPECT_NE(w.spans.find("tg.reply"), nullptr);
}

TEST(ChatBot, ConversationsSurviveANewBotOnTheSameStores) {
  World w;
  w.type("/start");
  w.type("2");  // a number picks the scenario too
  w.type("What is your best price?");
  w.bot = w.make_bot();  // a restart: same stores, new handlers
  w.type("And the delivery date?");
  EXPECT_EQ(w.session().turns, 2);
  auto conversation = w.conversations.load(w.session().conversation_id);
  ASSERT_TRUE(conversation.has_value());
  EXPECT_EQ(conversation->user_turns(), 2);
}

TEST(ChatBot, ForgedButtonsAreAnsweredPolitelyAndChangeNothing) {
  World w;
  w.type("/start");
  for (std::string data :
       std::vector<std::string>{"sc:no-such-scenario", "sc:../../etc/passwd", std::string(200, 'x'),
                                std::string("\xff\xfe\0", 3), "tp:0", "tp:-1", "at:zz", "", "sc:"}) {
    w.press(w.messenger.order.back(), data);
  }
  EXPECT_EQ(w.session().stage, Stage::choosing) << "still looking at the menu";
  ASSERT_EQ(w.messenger.answered.size(), 9u) << "every press is answered";
  for (const auto& a : w.messenger.answered) EXPECT_NE(a.find("no longer valid"), std::string::npos) << a;
}

TEST(ChatBot, AdminButtonsAndCommandsAreRefusedToOthers) {
  World w;
  w.type("/admin traces");
  EXPECT_NE(w.messenger.last().html.find("only for the bot's administrators"), std::string::npos);
  w.press(1, make_traces_page(2));
  EXPECT_NE(w.messenger.answered.back().find("administrators"), std::string::npos);
  EXPECT_EQ(w.bot->stats().refused, 2u);
}

TEST(ChatBot, HugeMessagesStickersAndUnknownCommandsGetPoliteAnswers) {
  World w;
  w.type("hello?");
  EXPECT_NE(w.messenger.last().html.find("/start"), std::string::npos) << "text before a scenario";
  w.type("/start");
  w.type("1");
  w.type(std::string(100'000, 'A'));
  EXPECT_NE(w.messenger.last().html.find("too long"), std::string::npos);
  EXPECT_EQ(w.session().turns, 0);
  Incoming sticker;
  sticker.kind = Incoming::Kind::unsupported;
  sticker.chat_id = kChat;
  sticker.user_id = kUser;
  w.send(sticker);
  EXPECT_NE(w.messenger.last().html.find("only read text"), std::string::npos);
  w.type("/nonsense");
  EXPECT_NE(w.messenger.last().html.find("/help"), std::string::npos);
  EXPECT_FALSE(w.messenger.too_long);
}

TEST(ChatBot, HtmlAndBytesThatAreNotTextGetAPoliteAnswerAndNeverReachTheModel) {
  World w;
  w.type("/start");
  w.type("1");
  w.type(std::string("\x01\x02\xff\xfe I offer 80k", 16));
  EXPECT_NE(w.messenger.last().html.find("not text"), std::string::npos) << w.messenger.last().html;
  w.type("<script>alert(1)</script> I offer <b>80k</b>");
  EXPECT_NE(w.messenger.last().html.find("HTML tags"), std::string::npos) << w.messenger.last().html;
  EXPECT_EQ(w.session().turns, 0);
  EXPECT_EQ(w.spans.find("llm.counterpart"), nullptr) << "no model call for either";
  EXPECT_EQ(w.bot->stats().turns, 0u);

  w.type("I offer 80k < 90k & not a cent more <3");
  EXPECT_EQ(w.session().turns, 1) << "a lone < or & is text";
  EXPECT_NE(w.spans.find("llm.counterpart"), nullptr);
}

TEST(ChatBot, ABadMenuChoiceShowsTheMenuAgainWithTheChoicesThatExist) {
  World w;
  w.type("/start");
  const std::string count = std::to_string(catalog().all().size());
  for (const std::string typed : {"99", "abc", "0"}) {
    w.type(typed);
    const auto& again = w.messenger.last();
    EXPECT_EQ(again.html.find("No negotiation is running"), std::string::npos) << typed << ": " << again.html;
    EXPECT_NE(again.html.find("from 1 to " + count), std::string::npos) << typed << ": " << again.html;
    EXPECT_EQ(again.keyboard.size(), catalog().all().size()) << typed << ": the menu comes again";
    EXPECT_EQ(w.session().stage, Stage::choosing);
  }
  w.press(w.messenger.order.back(), make_choose(catalog().all()[1].id));
  EXPECT_EQ(w.session().stage, Stage::negotiating);
  EXPECT_EQ(w.session().scenario, catalog().all()[1].id);
}

TEST(ChatBot, StartMidNegotiationAsksFirstAndNoGoesOn) {
  World w;
  w.type("/start");
  w.type("1");
  w.type("I can offer 80k");
  const std::string conversation = w.session().conversation_id;
  w.type("/start");
  const auto& question = w.messenger.last();
  EXPECT_NE(question.html.find("You are negotiating <b>" + catalog().all()[0].title + "</b>. Start over?"),
            std::string::npos)
      << question.html;
  ASSERT_EQ(question.keyboard.size(), 1u);
  ASSERT_EQ(question.keyboard[0].size(), 2u) << "two buttons: yes and no";
  EXPECT_EQ(w.session().stage, Stage::negotiating) << "nothing is thrown away before the answer";
  EXPECT_EQ(w.session().turns, 1);

  const std::int64_t asked = w.messenger.order.back();
  w.press(asked, question.keyboard[0][1].callback_data);
  EXPECT_TRUE(w.messenger.messages.at(asked).keyboard.empty()) << "the question loses its buttons";
  EXPECT_NE(w.messenger.last().html.find("go on"), std::string::npos) << w.messenger.last().html;
  EXPECT_EQ(w.session().conversation_id, conversation);
  w.type("/debrief");
  EXPECT_NE(w.messenger.last().html.find("/10"), std::string::npos) << "the negotiation was kept";
}

TEST(ChatBot, StartMidNegotiationYesShowsTheMenu) {
  World w;
  w.type("/start");
  w.type("1");
  w.type("I can offer 80k");
  w.type("/start");
  const std::int64_t asked = w.messenger.order.back();
  w.press(asked, w.messenger.last().keyboard[0][0].callback_data);
  EXPECT_NE(w.messenger.last().html.find("Choose a scenario"), std::string::npos) << w.messenger.last().html;
  EXPECT_EQ(w.messenger.last().keyboard.size(), catalog().all().size());
  EXPECT_EQ(w.session().stage, Stage::choosing);
}

TEST(ChatBot, AnOldStartOverQuestionCannotEndALaterNegotiation) {
  World w;
  w.type("/start");
  w.type("1");
  w.type("I can offer 80k");
  w.type("/start");
  const std::int64_t old_question = w.messenger.order.back();
  const std::string old_yes = w.messenger.last().keyboard[0][0].callback_data;
  w.type("/cancel");
  w.type("/start");
  w.clock.advance_ms(5000);  // a new negotiation, a new conversation id
  w.type("2");
  w.type("What is your best price?");
  w.press(old_question, old_yes);
  EXPECT_NE(w.messenger.answered.back().find("no longer valid"), std::string::npos)
      << w.messenger.answered.back();
  EXPECT_EQ(w.session().stage, Stage::negotiating);
  EXPECT_EQ(w.session().scenario, catalog().all()[1].id);
}

TEST(ChatBot, AnOlderMenusButtonMidNegotiationAsksFirstToo) {
  World w;
  w.type("/start");
  const std::int64_t menu = w.messenger.order.back();
  w.type("/start");
  w.press(w.messenger.order.back(), make_choose(catalog().all()[0].id));
  w.type("I can offer 80k");
  w.press(menu, make_choose(catalog().all()[1].id));
  EXPECT_NE(w.messenger.last().html.find("Start over?"), std::string::npos) << w.messenger.last().html;
  EXPECT_EQ(w.session().scenario, catalog().all()[0].id);
  EXPECT_EQ(w.session().turns, 1);
}

TEST(ChatBot, CancelAndDebriefWithoutTurnsExplainThemselves) {
  World w;
  w.type("/debrief");
  EXPECT_NE(w.messenger.last().html.find("nothing to score"), std::string::npos);
  w.type("/start");
  w.type("1");
  w.type("/cancel");
  EXPECT_NE(w.messenger.last().html.find("cancelled"), std::string::npos);
  EXPECT_EQ(w.session().stage, Stage::idle);
}

TEST(ChatBot, ABlockedUserDoesNotBreakTheBot) {
  World w;
  w.messenger.fail_sends = true;
  w.type("/start");
  w.type("/help");
  EXPECT_GE(w.bot->stats().failures, 1u);
  w.messenger.fail_sends = false;
  w.type("/help");
  EXPECT_NE(w.messenger.last().html.find("/debrief"), std::string::npos);
}

}  // namespace
}  // namespace dq::chat
