// What a user types reaches the bot's logs only as a length and a hash (README, "Logs"), also when it comes
// back inside an error: a replay miss quotes the request in its diff, providers quote it in error bodies,
// models repeat it in answers that do not parse. A unique marker goes through each of those paths in the
// built bot, and then no log output holds it.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <set>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/fake_llm_server.hpp"
#include "tests/support/fake_telegram_server.hpp"

namespace dq::e2e {
namespace {

using namespace std::chrono_literals;
using testing::FakeLlmServer;
using testing::FakeTelegramServer;
using testing::Fault;

const std::string kBot = DQ_BOT_BIN;
const std::string kMarker = "MARKER-7f3a91";
constexpr std::int64_t kAlice = 111, kBob = 222, kAdmin = 900;

// Every file in `dir` that holds `needle`, but the store (it keeps the conversation by design) and what the
// test itself wrote there. (A stopped bot's stdout and stderr are no longer files: wait_process read them.)
std::vector<std::string> files_holding(const testing::TempDir& dir, const std::string& needle,
                                       const std::set<std::string>& written_by_test) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.starts_with("bot.db") || written_by_test.count(name)) continue;
    if (contains(testing::read_file(entry.path().string()), needle)) out.push_back(name);
  }
  return out;
}

// dealquest-bot on the fake Telegram server, killed at the end of the test if it did not stop by then.
struct TelegramBot {
  TelegramBot(testing::TempDir& dir, FakeTelegramServer& tg, std::vector<std::string> extra,
              std::map<std::string, std::string> env) {
    std::vector<std::string> argv{kBot,       "--config", "bot.yaml", "--scenarios",
                                  kScenarios, "--store",  "bot.db"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    env.insert({{"TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN"},
                {"TELEGRAM_API_URL", tg.base_url()},
                {"DEALQUEST_STORE", ""}});
    process = testing::start_process(argv, dir.path().string(), {dir.path().string(), env});
  }
  ~TelegramBot() {
    if (!stopped) stop(SIGKILL);
  }
  TelegramBot(const TelegramBot&) = delete;
  TelegramBot& operator=(const TelegramBot&) = delete;
  testing::ProcessResult stop(int signo = SIGTERM) {
    ::kill(process.pid, signo);
    stopped = true;
    return testing::wait_process(process);
  }
  std::string err() const { return testing::read_file(process.err_path); }

  testing::RunningProcess process;
  bool stopped = false;
};

// `user` sends `text` in a private chat, and the bot's answer to it: the text of its newest message once it
// is no longer a progress message ("" after the deadline).
std::string say(FakeTelegramServer& tg, const std::string& text, std::int64_t user = kAlice) {
  const std::size_t before = tg.bot_messages(user).size();
  tg.user_sends(user, user, text);
  const bool answered = tg.wait_until(
      [&](const FakeTelegramServer& s) {
        auto all = s.bot_messages(user);
        return all.size() > before && !contains(all.back().text, "⏳");
      },
      15s);
  return answered ? tg.bot_messages(user).back().text : "";
}

void write_config(testing::TempDir& dir, const std::string& llm) {
  dir.write("bot.yaml", "admins: [900]\nllm: " + llm +
                            "\ntelegram: {poll_timeout_seconds: 1, progress_throttle_ms: 50, "
                            "per_chat_interval_ms: 0}\n");
}

// The console no longer takes --llm replay (BotConsole.ReplayIsRefusedSayingWhatToUseInstead), which is
// where the leak was first seen; the replay miss below, on Telegram, is the same code path.
TEST(BotPrivacy, AMarkerSentThroughEveryFailingPathOnTelegramReachesNoLog) {
  testing::TempDir dir;
  FakeTelegramServer tg;
  tg.start();

  // A replay miss: the diff quotes the request.
  write_config(dir, "replay");
  std::string output;  // every bot's stdout and stderr
  {
    TelegramBot bot(dir, tg, {"--cassette-dir", std::string(DQ_SOURCE_DIR) + "/recordings"}, {});
    // Bob, so that Alice starts afresh below whatever /start says in the middle of a negotiation.
    ASSERT_TRUE(contains(say(tg, "/start", kBob), "Choose a scenario")) << bot.err();
    ASSERT_TRUE(contains(say(tg, "1", kBob), "You are negotiating with")) << bot.err();
    EXPECT_TRUE(contains(say(tg, "I offer " + kMarker + " for it", kBob), "cassette.no_match")) << bot.err();
    // An admin's words are user text too: an unknown verb, a trace id and a scenario that do not exist.
    for (const std::string& admin :
         {"/admin " + kMarker, "/admin trace " + kMarker, "/admin test " + kMarker})
      EXPECT_FALSE(say(tg, admin, kAdmin).empty()) << admin << "\n" << bot.err();
    auto done = bot.stop();
    EXPECT_EQ(done.exit_code, 0) << done.err;
    output += done.out + done.err;
  }

  // Live, against a provider whose error bodies and answers quote the user: in turn a 400 that names the
  // content, a 502 page (retried), a 200 that is not the protocol, then a counterpart that repeats the
  // marker and invents an amount (a failed faithfulness check) and a coach whose answer is not JSON.
  FakeLlmServer llm;
  llm.start();
  llm.set_responses({{"MARKER", "counterpart", "You said " + kMarker + "? Then $987,654 and we shake hands."},
                     {"", "coach", "{" + kMarker + " was a bold opening} and that is all I will say"}});
  write_config(dir, "live");
  TelegramBot bot(dir, tg, {},
                  {{"ANTHROPIC_API_KEY", "test-key-privacy"},
                   {"OPENROUTER_API_KEY", "test-key-privacy"},
                   {"ANTHROPIC_BASE_URL", llm.base_url()},
                   {"OPENROUTER_BASE_URL", llm.base_url()}});
  // Scenario 1's counterpart speaks Anthropic's protocol, scenario 7's OpenRouter's.
  for (const char* choice : {"1", "7"}) {
    SCOPED_TRACE(std::string("scenario ") + choice);
    ASSERT_TRUE(contains(say(tg, "/start"), "Choose a scenario")) << bot.err();
    ASSERT_TRUE(contains(say(tg, choice), "You are negotiating with")) << bot.err();
    llm.inject(Fault::echo_400);
    EXPECT_TRUE(contains(say(tg, "Is " + kMarker + " fine?"), "llm.client_error")) << bot.err();
    llm.inject(Fault::echo_502, 4);  // every attempt
    EXPECT_TRUE(contains(say(tg, "Is " + kMarker + " fine now?"), "llm.server_error")) << bot.err();
    llm.inject(Fault::echo_200);
    EXPECT_TRUE(contains(say(tg, "Is " + kMarker + " fine at last?"), "llm.bad_response")) << bot.err();
    EXPECT_TRUE(contains(say(tg, "I offer " + kMarker), "987,654")) << bot.err();
    EXPECT_TRUE(contains(say(tg, "/debrief"), "Debrief")) << bot.err();
  }
  auto done = bot.stop();
  EXPECT_EQ(done.exit_code, 0) << done.err;
  output += done.out + done.err;

  EXPECT_TRUE(contains(output, "llm.retry")) << "the 502s were retried and logged: " << output;
  EXPECT_TRUE(contains(output, "bot.turn_failed")) << output;
  EXPECT_TRUE(contains(output, "admin.command")) << output;
  EXPECT_FALSE(contains(output, kMarker)) << output;
  EXPECT_EQ(files_holding(dir, kMarker, {"bot.yaml"}), std::vector<std::string>{});
}

}  // namespace
}  // namespace dq::e2e
