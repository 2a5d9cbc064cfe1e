#include "bot/chat/admin_commands.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "bot/chat/chat_bot.hpp"
#include "bot/runtime/llm_stack.hpp"
#include "bot/store/sqlite_store.hpp"
#include "tests/support/fake_timers.hpp"
#include "tests/support/process.hpp"
#include "tests/support/recording_messenger.hpp"
#include "tests/support/run_loop.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/trace_fixtures.hpp"

namespace dq::chat {
namespace {

constexpr std::int64_t kAdmin = 900;

class FakeTester final : public ScenarioTester {
 public:
  boost::asio::awaitable<core::Result<TestPlan>> plan(const scenario::Scenario& s) override {
    planned.push_back(s.id);
    co_return TestPlan{"replay", "Replay of " + s.id + " <costs $0>", ""};
  }
  boost::asio::awaitable<core::Result<std::string>> run(const scenario::Scenario& s,
                                                        const TestPlan& p) override {
    ran.push_back(s.id + ":" + p.mode);
    if (sessions) stored_pending_at_run.push_back((*sessions->load_session(kAdmin))->pending);
    co_return std::string("used-car: passed");
  }
  std::vector<std::string> planned, ran;
  SessionStore* sessions = nullptr;
  std::vector<std::string> stored_pending_at_run;  // what the store held when each run started
};

// Sessions in memory that can be told to refuse every save, as a store with a full disk would.
class FlakySessions final : public SessionStore {
 public:
  core::Result<std::optional<ChatSession>> load_session(std::int64_t chat_id) override {
    return inner.load_session(chat_id);
  }
  core::Result<void> save_session(const ChatSession& session) override {
    if (fail_saves) return core::fail("store.io", "t.db", "disk full");
    return inner.save_session(session);
  }
  InMemoryChatState inner;
  bool fail_saves = false;
};

struct Admin {
  testing::TempDir dir;
  std::unique_ptr<store::SqliteStore> store = std::move(*store::SqliteStore::open((dir / "t.db").string()));
  boost::asio::io_context io;
  testing::RecordingMessenger messenger;
  FlakySessions state;
  pipeline::InMemoryConversationStore conversations;
  LlmSide llm{runtime::dry_run_factory(true, 0)};
  ScenarioCatalog catalog = std::move(*ScenarioCatalog::load(std::string(DQ_SOURCE_DIR) + "/scenarios"));
  FakeTester tester;
  testing::FakeClock clock;
  testing::FakeTimers timers{clock};
  AdminCommands admin{messenger, *store, catalog, &tester, clock};
  ChatBot bot{
      {io.get_executor(), messenger, catalog, llm, conversations, state, clock, timers, nullptr, &admin},
      {{kAdmin}, "run", std::chrono::milliseconds(0)}};

  Admin() { tester.sessions = &state; }
  void send(Incoming in) { testing::run_to_completion(io, bot.handle(std::move(in))); }
  void type(const std::string& text) { send(from_text(kAdmin, kAdmin, text)); }
  void press(std::int64_t message_id, const std::string& data) {
    Incoming in;
    in.kind = Incoming::Kind::button;
    in.chat_id = in.user_id = kAdmin;
    in.message_id = message_id;
    in.callback_id = "q" + data;
    in.data = data;
    send(std::move(in));
  }
};

TEST(AdminCommands, TracesArePagedInOneMessageEditedInPlace) {
  Admin a;
  const std::int64_t now = a.clock.wall_ms();
  for (int i = 0; i < 26; ++i) testing::write_turn_trace(*a.store, now - 60'000 + i * 100);
  a.type("/admin traces");
  ASSERT_EQ(a.messenger.order.size(), 1u);
  const std::int64_t id = a.messenger.order.back();
  const auto& first = a.messenger.messages.at(id);
  ASSERT_EQ(first.keyboard.size(), 1u);
  EXPECT_EQ(first.keyboard[0][1].text, "Page 1/3");
  a.press(id, first.keyboard[0][2].callback_data);
  a.press(id, a.messenger.messages.at(id).keyboard[0][2].callback_data);
  EXPECT_EQ(a.messenger.messages.at(id).keyboard[0][1].text, "Page 3/3");
  EXPECT_NE(a.messenger.messages.at(id).html.find("page 3/3 · 26 total"), std::string::npos);
  EXPECT_EQ(a.messenger.order.size(), 1u) << "no new message for a page";
  EXPECT_EQ(a.messenger.answered.size(), 2u) << "every press is answered";
}

// Traces made in the same second share the first digits of their ids: the page shows each by its random
// end, and /admin trace takes that back.
TEST(AdminCommands, EveryShortIdOnTheTracePageOpensItsTrace) {
  Admin a;
  const std::int64_t now = a.clock.wall_ms();
  for (int i = 0; i < 10; ++i) testing::write_turn_trace(*a.store, now);
  a.type("/admin traces");
  const std::string page = a.messenger.last().html;
  std::vector<std::string> shown;
  for (std::size_t at = page.find("<code>"); at != std::string::npos; at = page.find("<code>", at + 1))
    shown.push_back(page.substr(at + 6, page.find("</code>", at) - at - 6));
  ASSERT_EQ(shown.size(), 10u) << page;
  for (const std::string& id : shown) {
    EXPECT_EQ(id.size(), 8u) << id;
    a.type("/admin trace " + id);
    EXPECT_NE(a.messenger.last().html.find("<b>Trace</b> <code>" + id + "</code>"), std::string::npos)
        << id << ": " << a.messenger.last().html;
  }
}

TEST(AdminCommands, ALongTraceGoesOutInPartsUnder4096) {
  Admin a;
  auto id = testing::write_turn_trace(*a.store, a.clock.wall_ms(), 200);
  a.type("/admin trace " + id.hex());
  EXPECT_GE(a.messenger.order.size(), 2u) << "201 spans do not fit one message";
  EXPECT_FALSE(a.messenger.too_long);
  a.messenger.order.clear();
  auto huge = testing::write_turn_trace(*a.store, a.clock.wall_ms(), 2000);
  a.type("/admin trace " + huge.hex());
  ASSERT_EQ(a.messenger.order.size(), 1u);
  EXPECT_EQ(a.messenger.last().document_name, "trace-" + huge.hex().substr(0, 16) + ".txt");
  EXPECT_EQ(a.messenger.last().html.find("<code>"), std::string::npos) << "the document is plain text";
}

TEST(AdminCommands, StatsCoverBothWindows) {
  Admin a;
  const std::int64_t now = a.clock.wall_ms();
  testing::write_turn_trace(*a.store, now - 3'600'000);
  testing::write_turn_trace(*a.store, now - 3 * 86'400'000LL, 5, true);
  a.type("/admin stats");
  const std::string& html = a.messenger.last().html;
  EXPECT_NE(html.find("<b>last 24 h</b>: 1 traces · 0.0% errors"), std::string::npos) << html;
  EXPECT_NE(html.find("<b>last 7 d</b>: 2 traces · 50.0% errors"), std::string::npos) << html;
}

TEST(AdminCommands, StatsSayHowManySpansThisProcessLostAndWhy) {
  Admin a;
  a.type("/admin stats");
  EXPECT_EQ(a.messenger.last().html.find("spans written"), std::string::npos) << "not shown when unknown";
  trace::SpanQueueStats q;
  q.written = 120;
  a.admin.set_span_stats([&q] { return q; });
  a.type("/admin stats");
  EXPECT_NE(a.messenger.last().html.find("120 spans written, 0 lost\n"), std::string::npos)
      << a.messenger.last().html;
  q.dropped = 2;
  q.write_failed = 30;
  q.last_error = "[store.full] bot.db: disk full";
  a.type("/admin stats");
  EXPECT_NE(a.messenger.last().html.find("32 lost ⚠️ (2 dropped by a full queue, 30 the store refused: "
                                         "[store.full] bot.db: disk full)"),
            std::string::npos)
      << a.messenger.last().html;
}

TEST(AdminCommands, ATestRunsOnlyAfterTheConfirmButtonOfTheLatestPlan) {
  Admin a;
  a.type("/admin test used-car");
  ASSERT_EQ(a.tester.planned, std::vector<std::string>{"used-car"});
  const auto plan = a.messenger.last();
  EXPECT_NE(plan.html.find("&lt;costs $0&gt;"), std::string::npos) << plan.html;
  ASSERT_EQ(plan.keyboard.size(), 1u);
  const std::string yes = plan.keyboard[0][0].callback_data, no = plan.keyboard[0][1].callback_data;
  EXPECT_TRUE(a.tester.ran.empty()) << "nothing runs before the button";
  a.press(a.messenger.order.back(), "at:forgednonce:y");
  EXPECT_TRUE(a.tester.ran.empty());
  EXPECT_NE(a.messenger.answered.back().find("expired"), std::string::npos);
  a.press(a.messenger.order.back(), yes);
  EXPECT_EQ(a.tester.ran, std::vector<std::string>{"used-car:replay"});
  EXPECT_NE(a.messenger.last().html.find("used-car: passed"), std::string::npos);
  a.press(a.messenger.order.back(), yes);
  EXPECT_EQ(a.tester.ran.size(), 1u) << "a confirmation works once";
  a.type("/admin test no-such");
  EXPECT_NE(a.messenger.last().html.find("Known:\n<code>"), std::string::npos);
  a.type("/admin test salary-raise");
  a.press(a.messenger.order.back(), a.messenger.last().keyboard[0][1].callback_data);
  EXPECT_EQ(a.tester.ran.size(), 1u) << "cancelled";
  (void)no;
}

TEST(AdminCommands, UnknownSubcommandsShowUsage) {
  Admin a;
  a.type("/admin");
  EXPECT_NE(a.messenger.last().html.find("/admin trace ID"), std::string::npos);
  a.type("/admin trace zzzz");
  EXPECT_NE(a.messenger.last().html.find("No trace"), std::string::npos);
}

TEST(AdminCommands, TheConfirmedTestsPendingActionIsClearedInTheStoreBeforeTheChildStarts) {
  Admin a;
  a.type("/admin test used-car");
  const std::string yes = a.messenger.last().keyboard[0][0].callback_data;
  ASSERT_NE((*a.state.load_session(kAdmin))->pending, "") << "the plan waits in the store";
  a.press(a.messenger.order.back(), yes);
  ASSERT_EQ(a.tester.ran.size(), 1u);
  EXPECT_EQ(a.tester.stored_pending_at_run, std::vector<std::string>{""})
      << "a crash during the run cannot leave the button live";
}

TEST(AdminCommands, AConfirmationThatCannotBeStoredRunsNothing) {
  Admin a;
  a.type("/admin test used-car");
  const std::string yes = a.messenger.last().keyboard[0][0].callback_data;
  a.state.fail_saves = true;
  a.press(a.messenger.order.back(), yes);
  EXPECT_TRUE(a.tester.ran.empty()) << "the store still holds the action: running could run it twice";
  EXPECT_NE(a.messenger.answered.back().find("nothing was run"), std::string::npos)
      << a.messenger.answered.back();
}

TEST(AdminCommands, ALongListOfKnownScenariosIsSplitNotRefused) {
  testing::TempDir dir;
  const std::string yaml = testing::read_file(std::string(DQ_SOURCE_DIR) + "/scenarios/used-car.yaml");
  ASSERT_EQ(yaml.rfind("id: used-car\n", 0), 0u) << "the scenario starts with its id";
  for (int i = 0; i < 300; ++i) {
    const std::string id = "a-rather-long-scenario-name-" + std::to_string(i);
    dir.write("scenarios/" + id + ".yaml", "id: " + id + yaml.substr(std::string("id: used-car").size()));
  }
  auto big = ScenarioCatalog::load((dir / "scenarios").string());
  ASSERT_TRUE(big.has_value()) << big.error().to_string();
  Admin a;
  AdminCommands admin{a.messenger, *a.store, *big, &a.tester, a.clock};
  ChatSession session;
  testing::run_to_completion(a.io, admin.command(from_text(kAdmin, kAdmin, "test no-such"), session));
  EXPECT_GE(a.messenger.order.size(), 2u) << "about 12,000 characters of ids";
  EXPECT_FALSE(a.messenger.too_long) << "no part over 4096";
  std::string all;
  for (auto id : a.messenger.order) all += a.messenger.messages.at(id).html;
  for (int i : {0, 150, 299})
    EXPECT_NE(all.find("a-rather-long-scenario-name-" + std::to_string(i) + "<"), std::string::npos) << i;
}

}  // namespace
}  // namespace dq::chat
