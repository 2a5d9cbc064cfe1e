// dealquest-bot against the fake Telegram Bot API server (tests/support/fake_telegram_server.hpp) on
// 127.0.0.1: the built binary, a real store, users played by the test.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "bot/store/sqlite_store.hpp"
#include "tests/e2e/e2e_support.hpp"
#include "tests/support/fake_llm_server.hpp"
#include "tests/support/fake_telegram_server.hpp"

namespace dq::e2e {
namespace {

using namespace std::chrono_literals;
using testing::FakeTelegramServer;
using testing::TgMessage;

const std::string kBot = DQ_BOT_BIN;
constexpr std::int64_t kAlice = 111, kAdmin = 900;
constexpr auto kWait = 15s;

struct Bot {
  testing::TempDir& dir;
  FakeTelegramServer& tg;
  testing::RunningProcess process;

  Bot(testing::TempDir& d, FakeTelegramServer& server, std::vector<std::string> extra = {},
      std::map<std::string, std::string> env = {})
      : dir(d), tg(server) {
    std::vector<std::string> argv{kBot,       "--config", "bot.yaml", "--scenarios",
                                  kScenarios, "--store",  "bot.db"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    env.insert({{"TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN"},
                {"TELEGRAM_API_URL", tg.base_url()},
                {"DEALQUEST_STORE", ""}});
    process = testing::start_process(argv, dir.path().string(), {dir.path().string(), env});
  }
  testing::ProcessResult stop(int signo = SIGTERM) {
    ::kill(process.pid, signo);
    stopped = true;
    return testing::wait_process(process);
  }
  // A test that failed half-way must not leave a bot running (ctest would wait for it).
  ~Bot() {
    if (!stopped) {
      ::kill(process.pid, SIGKILL);
      testing::wait_process(process);
    }
  }
  Bot(const Bot&) = delete;
  Bot& operator=(const Bot&) = delete;
  bool stopped = false;
};

void write_config(testing::TempDir& dir, std::int64_t dry_run_latency_ms = 0) {
  dir.write("bot.yaml",
            "admins: [" + std::to_string(kAdmin) +
                "]\nllm: dry-run\ndry_run_latency_ms: " + std::to_string(dry_run_latency_ms) +
                "\ntelegram: {poll_timeout_seconds: 1, progress_throttle_ms: 50, per_chat_interval_ms: 0}\n");
}

// The bot's messages in `chat` whose current text contains `needle`.
std::optional<TgMessage> find_message(const FakeTelegramServer& tg, std::int64_t chat,
                                      const std::string& needle) {
  for (const auto& m : tg.bot_messages(chat))
    if (contains(m.text, needle)) return m;
  return std::nullopt;
}

bool wait_for_text(FakeTelegramServer& tg, std::int64_t chat, const std::string& needle) {
  return tg.wait_until([&](const FakeTelegramServer& s) { return find_message(s, chat, needle).has_value(); },
                       kWait);
}

TEST(BotTelegram, AUserNegotiatesAScenarioAndGetsADebriefWithTheProgressMessageEditedInPlace) {
  testing::TempDir dir;
  write_config(dir, 300);  // a slow (simulated) LLM, so the progress message shows steps
  FakeTelegramServer tg;
  tg.start();
  Bot bot(dir, tg);
  tg.user_sends(kAlice, kAlice, "/start");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "Choose a scenario")) << testing::read_file(bot.process.err_path);
  const TgMessage menu = *find_message(tg, kAlice, "Choose a scenario");
  ASSERT_FALSE(menu.keyboard.empty());
  tg.user_presses(kAlice, kAlice, menu.message_id, menu.keyboard[0][0].callback_data);
  ASSERT_TRUE(wait_for_text(tg, kAlice, "You are negotiating with"));
  const std::size_t before = tg.bot_messages(kAlice).size();

  tg.user_sends(kAlice, kAlice, "I can offer 80k today & not a cent more (<90k, promised)");
  ASSERT_TRUE(tg.wait_until(
      [&](const FakeTelegramServer& s) {
        auto all = s.bot_messages(kAlice);
        return all.size() > before && !contains(all.back().text, "⏳");
      },
      kWait));
  const auto all = tg.bot_messages(kAlice);
  EXPECT_EQ(all.size(), before + 1) << "the reply replaced the progress message instead of a new message";
  EXPECT_GE(all.back().edits, 2) << "progress steps, then the reply, in the same message";
  EXPECT_EQ(tg.count("answerCallbackQuery"), 1);

  tg.user_sends(kAlice, kAlice, "/debrief");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "/10"));
  auto done = bot.stop();
  EXPECT_EQ(done.exit_code, 0) << done.err;

  auto stored = latest_stored_run(dir / "bot.db");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->run.mode, "bot");
  EXPECT_EQ(stored->steps["pipeline.turn"], 1);
  EXPECT_EQ(stored->steps["pipeline.debrief"], 1) << "traces were drained on SIGTERM";
}

TEST(BotTelegram, AnAdminPagesThroughTracesOfAHarnessRunInOneEditedMessage) {
  testing::TempDir dir;
  write_config(dir);
  ASSERT_EQ(dq_test({"run", "--dry-run", kScenarios, "--store", "bot.db"}, dir).exit_code, 0);
  FakeTelegramServer tg;
  tg.start();
  Bot bot(dir, tg);
  tg.user_sends(kAdmin, kAdmin, "/admin traces");
  ASSERT_TRUE(wait_for_text(tg, kAdmin, "Traces"));
  TgMessage page = *find_message(tg, kAdmin, "Traces");
  ASSERT_EQ(page.keyboard.size(), 1u);
  ASSERT_EQ(page.keyboard[0].size(), 3u);
  EXPECT_EQ(page.keyboard[0][1].text, "Page 1/4") << "39 traces, 10 per page";
  const int sent = tg.count("sendMessage");
  tg.user_presses(kAdmin, kAdmin, page.message_id, page.keyboard[0][2].callback_data);
  ASSERT_TRUE(tg.wait_until(
      [&](const FakeTelegramServer& s) {
        auto m = s.message(kAdmin, page.message_id);
        return m && !m->keyboard.empty() && m->keyboard[0][1].text == "Page 2/4";
      },
      kWait));
  tg.user_presses(kAdmin, kAdmin, page.message_id,
                  tg.message(kAdmin, page.message_id)->keyboard[0][2].callback_data);
  ASSERT_TRUE(tg.wait_until(
      [&](const FakeTelegramServer& s) {
        auto m = s.message(kAdmin, page.message_id);
        return m && !m->keyboard.empty() && m->keyboard[0][1].text == "Page 3/4";
      },
      kWait));
  EXPECT_EQ(tg.count("sendMessage"), sent) << "pages are edited in place, never re-sent";
  EXPECT_EQ(bot.stop().exit_code, 0);
}

TEST(BotTelegram, ALongTraceIsSplitUnder4096OrSentAsADocument) {
  testing::TempDir dir;
  write_config(dir);
  {
    auto store = store::SqliteStore::open((dir / "bot.db").string());
    ASSERT_TRUE(store.has_value());
    std::vector<trace::SpanRecord> spans;
    // Written now: the bot prunes traces past its 30-day retention when it starts.
    const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
    const auto trace_id = core::new_trace_id(now_ms);
    trace::SpanRecord root;
    root.trace_id = trace_id;
    root.span_id = core::new_span_id();
    root.name = "pipeline.turn";
    root.start_ms = now_ms;
    root.duration_us = 9'000'000;
    root.trace = {"", "turn", "used-car", 1, "111", "111"};
    for (int i = 0; i < 120; ++i) {
      trace::SpanRecord s;
      s.trace_id = trace_id;
      s.span_id = core::new_span_id();
      s.parent_id = root.span_id;
      s.name = i % 2 ? "llm.counterpart" : "check.faithful";
      s.start_ms = root.start_ms + i * 50;
      s.duration_us = 40'000;
      s.model = i % 2 ? "claude-haiku-4-5 <&>" : "";
      s.status = i % 7 == 0 ? trace::SpanStatus::error : trace::SpanStatus::ok;
      s.error = i % 7 == 0 ? "llm.timeout: no complete answer in time <b>" : "";
      spans.push_back(std::move(s));
    }
    spans.push_back(root);
    ASSERT_TRUE((*store)->write_batch(spans).has_value());
    dir.write("trace_id.txt", trace_id.hex());
  }
  FakeTelegramServer tg;
  tg.start();
  Bot bot(dir, tg);
  tg.user_sends(kAdmin, kAdmin, "/admin trace " + testing::read_file((dir / "trace_id.txt").string()));
  ASSERT_TRUE(tg.wait_until(
      [&](const FakeTelegramServer& s) {
        for (const auto& m : s.bot_messages(kAdmin))
          if (contains(m.text, "check.faithful") || !m.document_name.empty()) return true;
        return false;
      },
      kWait));
  int parts = 0, documents = 0;
  const bool split = tg.wait_until(  // every part arrives
      [&](const FakeTelegramServer& s) {
        parts = documents = 0;
        for (const auto& m : s.bot_messages(kAdmin)) {
          parts += !m.text.empty();
          documents += !m.document_name.empty();
        }
        return parts >= 2 || documents == 1;
      },
      kWait);
  EXPECT_TRUE(split) << "121 spans do not fit one message";
  for (const auto& call : tg.calls())
    EXPECT_NE(call.http_status, 400) << call.method << " "
                                     << call.error;  // the fake rejects > 4096 and bad HTML
  EXPECT_EQ(bot.stop().exit_code, 0);
}

TEST(BotTelegram, ANonAdminIsRefusedPolitelyAndTheAttemptIsLogged) {
  testing::TempDir dir;
  write_config(dir);
  FakeTelegramServer tg;
  tg.start();
  Bot bot(dir, tg);
  tg.user_sends(kAlice, kAlice, "/admin stats");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "only for the bot"));
  auto done = bot.stop();
  EXPECT_EQ(done.exit_code, 0);
  EXPECT_TRUE(contains(done.err, "\"event\":\"bot.admin_refused\"")) << done.err;
  EXPECT_TRUE(contains(done.err, "\"user\":\"111\"")) << done.err;
  EXPECT_FALSE(contains(done.err, "123456:TEST-TOKEN")) << "the token never reaches the logs";
}

TEST(BotTelegram, A429IsHonouredAndTheMessageStillArrives) {
  testing::TempDir dir;
  write_config(dir);
  FakeTelegramServer tg;
  tg.set_retry_after_seconds(1);
  tg.inject(testing::TgFault::rate_limit_429, "sendMessage", 1);
  tg.start();
  Bot bot(dir, tg);
  const auto start = std::chrono::steady_clock::now();
  tg.user_sends(kAlice, kAlice, "/help");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "/debrief"));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1s) << "the retry waited out retry_after";
  int refused = 0;
  for (const auto& c : tg.calls()) refused += c.method == "sendMessage" && c.http_status == 429;
  EXPECT_EQ(refused, 1);
  EXPECT_EQ(bot.stop().exit_code, 0);
}

TEST(BotTelegram, ARestartResumesFromTheRightOffsetWithoutDuplicates) {
  testing::TempDir dir;
  write_config(dir);
  FakeTelegramServer tg;
  tg.start();
  {
    Bot bot(dir, tg);
    tg.user_sends(kAlice, kAlice, "/help");
    ASSERT_TRUE(wait_for_text(tg, kAlice, "/debrief"));
    EXPECT_EQ(bot.stop().exit_code, 0);
  }
  tg.user_sends(kAlice, kAlice, "/cancel");  // while the bot is down
  Bot again(dir, tg);
  ASSERT_TRUE(wait_for_text(tg, kAlice, "Nothing to cancel"));
  const int polls = tg.count("getUpdates");  // two more polls: had anything old come back, it would be here
  ASSERT_TRUE(
      tg.wait_until([&](const FakeTelegramServer& s) { return s.count("getUpdates") >= polls + 2; }, kWait));
  int helps = 0, cancels = 0;
  for (const auto& m : tg.bot_messages(kAlice)) {
    helps += contains(m.text, "How it works");
    cancels += contains(m.text, "Nothing to cancel");
  }
  EXPECT_EQ(helps, 1) << "the update handled before the restart was not handled again";
  EXPECT_EQ(cancels, 1);
  EXPECT_EQ(tg.pending_updates(), 0);
  EXPECT_EQ(again.stop().exit_code, 0);
}

TEST(BotTelegram, SigtermMidTurnFinishesTheTurnAndDrainsItsTraces) {
  testing::TempDir dir;
  write_config(dir, 1500);  // the (simulated) LLM takes 1.5 s per call
  FakeTelegramServer tg;
  tg.start();
  Bot bot(dir, tg);
  tg.user_sends(kAlice, kAlice, "/start");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "Choose a scenario"));
  tg.user_sends(kAlice, kAlice, "1");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "You are negotiating with"));
  tg.user_sends(kAlice, kAlice, "What is your best price?");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "⏳"));  // the turn is running
  auto done = bot.stop(SIGTERM);
  EXPECT_EQ(done.exit_code, 0) << done.err;
  const auto all = tg.bot_messages(kAlice);
  EXPECT_FALSE(contains(all.back().text, "⏳"))
      << "the running turn finished and replaced its progress message";
  auto stored = latest_stored_run(dir / "bot.db");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->run.status, "interrupted");
  for (const char* step : {"pipeline.turn", "llm.counterpart", "db.save", "tg.reply"})
    EXPECT_EQ(stored->steps[step], 1) << step << " was not drained";
  EXPECT_EQ(tg.pending_updates(), 0) << "the handled update was confirmed before exiting";
}

// A live bot whose provider is slower than the drain bound: after 10 s the turn is abandoned, its provider
// call is ended, and it unwinds while everything it uses is still alive (this runs under ASan in CI).
struct SlowLlmBot {
  testing::TempDir dir;
  testing::FakeLlmServer llm;
  FakeTelegramServer tg;
  std::optional<Bot> bot;

  SlowLlmBot() {
    dir.write("bot.yaml",
              "admins: [900]\nllm: live\n"
              "telegram: {poll_timeout_seconds: 1, progress_throttle_ms: 50, per_chat_interval_ms: 0}\n");
    llm.start();
    llm.set_latency(15s);
    tg.start();
    bot.emplace(dir, tg, std::vector<std::string>{},
                std::map<std::string, std::string>{{"ANTHROPIC_API_KEY", "sk-ant-api03-SLOWSLOWSLOWSLOWSLOW"},
                                                   {"OPENROUTER_API_KEY", "sk-or-v1-slowslowslowslow"},
                                                   {"ANTHROPIC_BASE_URL", llm.base_url()},
                                                   {"OPENROUTER_BASE_URL", llm.base_url()}});
  }
  // Starts a turn and returns once its provider call is in flight.
  bool turn_in_flight() {
    tg.user_sends(kAlice, kAlice, "/start");
    if (!wait_for_text(tg, kAlice, "Choose a scenario")) return false;
    tg.user_sends(kAlice, kAlice, "1");
    if (!wait_for_text(tg, kAlice, "You are negotiating with")) return false;
    tg.user_sends(kAlice, kAlice, "What is your best price?");
    return wait_until([&] { return llm.request_count() >= 1; });
  }
};

TEST(BotTelegram, SigtermWithAProviderSlowerThanTheDrainBoundExitsCleanlyAndAccountsForTheTurnsSpans) {
  SlowLlmBot s;
  ASSERT_TRUE(s.turn_in_flight()) << testing::read_file(s.bot->process.err_path);
  auto done = s.bot->stop(SIGTERM);
  EXPECT_EQ(done.exit_code, 0) << done.err;
  auto stored = latest_stored_run(s.dir / "bot.db");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->run.status, "interrupted");
  const bool written = stored->steps["pipeline.turn"] == 1 && stored->steps["llm.counterpart"] == 1;
  EXPECT_TRUE(written || stored->run.dropped_spans > 0)
      << "the abandoned turn's spans are written or counted as dropped: " << stored->run.note;
  EXPECT_GE(s.tg.pending_updates(), 1)
      << "the abandoned turn's update was not confirmed: Telegram sends it again";
}

TEST(BotTelegram, ASecondSigtermStopsAtOnceWithoutWaitingForTheDrainBound) {
  SlowLlmBot s;
  ASSERT_TRUE(s.turn_in_flight()) << testing::read_file(s.bot->process.err_path);
  const auto signalled = std::chrono::steady_clock::now();
  ::kill(s.bot->process.pid, SIGTERM);
  ASSERT_TRUE(
      wait_until([&] { return contains(testing::read_file(s.bot->process.err_path), "bot.stopping"); }));
  auto done = s.bot->stop(SIGTERM);
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 8s) << "it did not wait out the 10 s drain bound";
  EXPECT_EQ(done.exit_code, 0) << done.err;
  EXPECT_TRUE(contains(done.err, "bot.stopping_now")) << done.err;
  auto stored = latest_stored_run(s.dir / "bot.db");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->run.status, "interrupted");
}

TEST(BotTelegram, AnAdminTestRunsTheHarnessOnlyAfterTheConfirmButton) {
  testing::TempDir dir;
  write_config(dir);
  FakeTelegramServer tg;
  tg.start();
  Bot bot(dir, tg, {"--cassette-dir", std::string(DQ_SOURCE_DIR) + "/recordings"});
  tg.user_sends(kAdmin, kAdmin, "/admin test used-car");
  ASSERT_TRUE(wait_for_text(tg, kAdmin, "Replay of the recorded answers"));
  const TgMessage plan = *find_message(tg, kAdmin, "Replay of the recorded answers");
  ASSERT_EQ(plan.keyboard.size(), 1u);
  const int polls = tg.count("getUpdates");  // the next poll comes once the command was handled
  ASSERT_TRUE(
      tg.wait_until([&](const FakeTelegramServer& s) { return s.count("getUpdates") >= polls + 1; }, kWait));
  EXPECT_FALSE(find_message(tg, kAdmin, "Run ")) << "nothing ran before the button";
  tg.user_presses(kAdmin, kAdmin, plan.message_id, plan.keyboard[0][0].callback_data);
  ASSERT_TRUE(wait_for_text(tg, kAdmin, "used-car: passed")) << testing::read_file(bot.process.err_path);
  EXPECT_TRUE(find_message(tg, kAdmin, "(replay)").has_value());
  EXPECT_EQ(bot.stop().exit_code, 0);
  auto report = dq_test({"report", "--store", "bot.db", "--format", "json"}, dir);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_TRUE(contains(report.out, "\"mode\": \"replay\""))
      << "the latest run is the test the admin started: " << report.out;
  auto traces = dq_test({"report", "--store", "bot.db", "--traces", "--format", "json"}, dir);
  EXPECT_TRUE(contains(traces.out, "\"scenario\": \"used-car\""))
      << "the test's traces are in the bot's store";
}

TEST(BotTelegram, LiveAgainstTheFakeLlmIsCostedAndStopsAtTheBudgetCap) {
  testing::TempDir dir;
  dir.write("bot.yaml",
            "admins: [900]\nllm: live\nbudget: {max_usd: 0.02}\n"
            "telegram: {poll_timeout_seconds: 1, progress_throttle_ms: 50, per_chat_interval_ms: 0}\n");
  testing::FakeLlmServer llm;
  llm.start();
  FakeTelegramServer tg;
  tg.start();
  const std::string key = "sk-ant-api03-BOTSECRETBOTSECRETBOTSECRET";
  Bot bot(dir, tg, {},
          {{"ANTHROPIC_API_KEY", key},
           {"OPENROUTER_API_KEY", "sk-or-v1-botsecretbotsecret"},
           {"ANTHROPIC_BASE_URL", llm.base_url()},
           {"OPENROUTER_BASE_URL", llm.base_url()}});
  tg.user_sends(kAlice, kAlice, "/start");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "Choose a scenario")) << testing::read_file(bot.process.err_path);
  tg.user_sends(kAlice, kAlice, "7");  // used-car: the counterpart is on OpenRouter, the coach on Anthropic
  ASSERT_TRUE(wait_for_text(tg, kAlice, "You are negotiating with"));
  int replies = 0, refused = 0;
  for (int turn = 1; turn <= 6; ++turn) {
    const std::size_t before = tg.bot_messages(kAlice).size();
    tg.user_sends(kAlice, kAlice, "Offer number " + std::to_string(turn) + ": what is your best price?");
    ASSERT_TRUE(tg.wait_until(
        [&](const FakeTelegramServer& s) {
          auto all = s.bot_messages(kAlice);
          return all.size() > before && !contains(all.back().text, "⏳");
        },
        kWait));
    const std::string text = tg.bot_messages(kAlice).back().text;
    replies += contains(text, "Rick Alvarez</b>:");
    refused += contains(text, "practice budget");
  }
  EXPECT_GE(replies, 1) << "live replies came from the fake provider";
  EXPECT_GE(refused, 1) << "the cap stopped the spending, politely";
  auto done = bot.stop();
  EXPECT_EQ(done.exit_code, 0) << done.err;
  EXPECT_FALSE(contains(done.err, key)) << "the provider key never reaches the logs";
  auto stored = latest_stored_run(dir / "bot.db");
  ASSERT_TRUE(stored.has_value());
  auto report = dq_test({"report", "--store", "bot.db", "--format", "json"}, dir);
  auto j = nlohmann::json::parse(report.out);
  EXPECT_GT(j["totals"]["cost_usd"].get<double>(), 0.0) << report.out;
  EXPECT_LE(j["totals"]["cost_usd"].get<double>(), 0.02) << "never past the cap";
  EXPECT_EQ(llm.request_count(), replies) << "no request went out past the cap";

  // The cap is per UTC day and kept in the store: a restart does not reset it.
  Bot again(dir, tg, {},
            {{"ANTHROPIC_API_KEY", key},
             {"OPENROUTER_API_KEY", "sk-or-v1-botsecretbotsecret"},
             {"ANTHROPIC_BASE_URL", llm.base_url()},
             {"OPENROUTER_BASE_URL", llm.base_url()}});
  const std::size_t before = tg.bot_messages(kAlice).size();
  tg.user_sends(kAlice, kAlice, "After the restart: what is your best price?");
  ASSERT_TRUE(tg.wait_until(
      [&](const FakeTelegramServer& s) {
        auto all = s.bot_messages(kAlice);
        return all.size() > before && !contains(all.back().text, "⏳");
      },
      kWait));
  EXPECT_TRUE(contains(tg.bot_messages(kAlice).back().text, "practice budget"))
      << tg.bot_messages(kAlice).back().text;
  EXPECT_EQ(llm.request_count(), replies) << "the restarted bot sent nothing past today's cap";
  EXPECT_EQ(again.stop().exit_code, 0);
}

TEST(BotTelegram, HostileMessagesAndForgedButtonsGetPoliteAnswersAndNothingBreaks) {
  testing::TempDir dir;
  write_config(dir);
  FakeTelegramServer tg;
  tg.start();
  Bot bot(dir, tg);
  tg.user_sends(kAlice, kAlice, "/start");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "Choose a scenario"));
  tg.user_sends(kAlice, kAlice, "1");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "You are negotiating with"));
  tg.user_sends(kAlice, kAlice, std::string(5000, 'x'));
  ASSERT_TRUE(wait_for_text(tg, kAlice, "too long"));
  tg.user_sends_raw({{"chat", {{"id", kAlice}, {"type", "private"}}},
                     {"from", {{"id", kAlice}, {"is_bot", false}, {"first_name", "A"}}},
                     {"sticker", {{"file_id", "x"}}}});
  ASSERT_TRUE(wait_for_text(tg, kAlice, "only read text"));
  tg.user_presses(kAlice, kAlice, 999999, "sc:../../etc/passwd");
  tg.user_presses(kAlice, kAlice, 999999, "at:zzz:y");
  ASSERT_TRUE(
      tg.wait_until([](const FakeTelegramServer& s) { return s.answered_callbacks().size() == 2; }, kWait))
      << "every press is answered, forged or not";
  // Markup and bytes that are not text get a polite answer and never reach the model.
  tg.user_sends(kAlice, kAlice, "<script>alert(1)</script> &amp; I offer <b>80k</b>");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "contains HTML tags")) << "the HTML-laden message was no turn";
  tg.user_sends(kAlice, kAlice, "\x01\x7f I offer 80k");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "bytes that are not text"));
  tg.user_sends(kAlice, kAlice, "I offer 80k < 90k & Q&A");  // a lone < or & is text: a turn
  ASSERT_TRUE(tg.wait_until(
      [&](const FakeTelegramServer& s) {
        auto all = s.bot_messages(kAlice);
        return !all.empty() && contains(all.back().text, "</b>: ");
      },
      kWait));
  for (const auto& call : tg.calls())
    EXPECT_LT(call.http_status, 400) << call.method << " was refused: " << call.error;
  EXPECT_EQ(bot.stop().exit_code, 0);
  auto stored = latest_stored_run(dir / "bot.db");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->steps["pipeline.turn"], 1) << "only the plain message reached the pipeline";
}

TEST(BotTelegram, ABadMenuChoiceShowsTheMenuAgain) {
  testing::TempDir dir;
  write_config(dir);
  FakeTelegramServer tg;
  tg.start();
  Bot bot(dir, tg);
  tg.user_sends(kAlice, kAlice, "/start");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "Choose a scenario"));
  tg.user_sends(kAlice, kAlice, "99");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "not one of the scenarios"))
      << testing::read_file(bot.process.err_path);
  const TgMessage again = *find_message(tg, kAlice, "not one of the scenarios");
  EXPECT_FALSE(again.keyboard.empty()) << "the menu's buttons come again";
  EXPECT_FALSE(find_message(tg, kAlice, "No negotiation is running").has_value());
  tg.user_presses(kAlice, kAlice, again.message_id, again.keyboard[0][0].callback_data);
  ASSERT_TRUE(wait_for_text(tg, kAlice, "You are negotiating with"));
  EXPECT_EQ(bot.stop().exit_code, 0);
}

TEST(BotTelegram, StartMidNegotiationAsksWithTwoButtonsAndEachAnswerDoesWhatItSays) {
  testing::TempDir dir;
  write_config(dir);
  FakeTelegramServer tg;
  tg.start();
  Bot bot(dir, tg);
  tg.user_sends(kAlice, kAlice, "/start");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "Choose a scenario"));
  tg.user_sends(kAlice, kAlice, "1");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "You are negotiating with"));
  tg.user_sends(kAlice, kAlice, "I can offer 80k");
  ASSERT_TRUE(tg.wait_until(
      [&](const FakeTelegramServer& s) {
        auto all = s.bot_messages(kAlice);
        return !all.empty() && contains(all.back().text, "</b>: ");
      },
      kWait));

  tg.user_sends(kAlice, kAlice, "/start");
  ASSERT_TRUE(wait_for_text(tg, kAlice, "Start over?")) << testing::read_file(bot.process.err_path);
  const TgMessage question = *find_message(tg, kAlice, "Start over?");
  ASSERT_EQ(question.keyboard.size(), 1u);
  ASSERT_EQ(question.keyboard[0].size(), 2u) << "Yes and No";
  tg.user_presses(kAlice, kAlice, question.message_id, question.keyboard[0][1].callback_data);  // No
  ASSERT_TRUE(wait_for_text(tg, kAlice, "go on with"));
  EXPECT_TRUE(tg.message(kAlice, question.message_id)->keyboard.empty())
      << "the answered question loses its buttons";

  const auto menus = [&] {
    int n = 0;
    for (const auto& m : tg.bot_messages(kAlice)) n += contains(m.text, "Choose a scenario") ? 1 : 0;
    return n;
  };
  const int menus_before = menus();
  tg.user_sends(kAlice, kAlice, "/start");
  ASSERT_TRUE(tg.wait_until(
      [&](const FakeTelegramServer& s) {
        int questions = 0;
        for (const auto& m : s.bot_messages(kAlice)) questions += contains(m.text, "Start over?") ? 1 : 0;
        return questions == 2;
      },
      kWait));
  const TgMessage second = tg.bot_messages(kAlice).back();
  ASSERT_FALSE(second.keyboard.empty());
  tg.user_presses(kAlice, kAlice, second.message_id, second.keyboard[0][0].callback_data);  // Yes
  ASSERT_TRUE(tg.wait_until([&](const FakeTelegramServer&) { return menus() == menus_before + 1; }, kWait))
      << "Yes shows the menu";
  for (const auto& call : tg.calls())
    EXPECT_LT(call.http_status, 400) << call.method << " was refused: " << call.error;
  EXPECT_EQ(bot.stop().exit_code, 0);
}

}  // namespace
}  // namespace dq::e2e
