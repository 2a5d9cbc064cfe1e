// dealquest-bot --console end to end: a conversation piped through it, for $0, whose traces then show up
// in dealquest-test report.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/trace_fixtures.hpp"

namespace dq::e2e {
namespace {

const std::string kBot = DQ_BOT_BIN;

testing::ProcessResult bot(std::vector<std::string> args, const testing::TempDir& dir,
                           const std::string& typed, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), kBot);
  const std::string input = dir.write("typed.txt", typed).string();
  env.emplace("NO_COLOR", "1");
  testing::ProcessOptions o{dir.path().string(), env, input};
  return testing::run_process(args, o);
}

TEST(BotConsole, APipedConversationCompletesForFreeAndItsTracesReachTheReport) {
  testing::TempDir dir;
  auto r = bot({"--console", "--scenarios", kScenarios, "--store", "c.db"}, dir,
               "/start\n1\nI can offer 80k\n/debrief\n");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "[1] ")) << "the menu is numbered: " << r.out;
  EXPECT_TRUE(contains(r.out, "you> I can offer 80k")) << r.out;
  EXPECT_TRUE(contains(r.out, "Debrief")) << r.out;
  EXPECT_TRUE(contains(r.out, "/10")) << r.out;
  EXPECT_TRUE(contains(r.out, "llm dry-run")) << r.out;

  auto report = dq_test({"report", "--store", "c.db", "--format", "json"}, dir);
  ASSERT_EQ(report.exit_code, 0) << report.out << report.err;
  auto j = nlohmann::json::parse(report.out);
  EXPECT_EQ(j["run"]["mode"], "bot");
  std::set<std::string> steps;
  for (const auto& s : j["steps"]) steps.insert(s["name"].get<std::string>());
  for (const char* step : {"pipeline.turn", "llm.counterpart", "tg.reply", "pipeline.debrief", "llm.coach"})
    EXPECT_TRUE(steps.count(step)) << step << " missing from " << report.out;
  EXPECT_DOUBLE_EQ(j["totals"]["cost_usd"].get<double>(), 0.0) << report.out;
}

TEST(BotConsole, RestartingResumesTheNegotiation) {
  testing::TempDir dir;
  ASSERT_EQ(bot({"--console", "--scenarios", kScenarios, "--store", "c.db"}, dir,
                "/start\n2\nWhat is your price?\n")
                .exit_code,
            0);
  auto r = bot({"--console", "--scenarios", kScenarios, "--store", "c.db"}, dir, "/debrief\n");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "Debrief"))
      << "the second session scored the first one's negotiation: " << r.out;
}

TEST(BotConsole, TheBotPrunesItsStoreAtStartWithTheAgesOfItsConfig) {
  testing::TempDir dir;
  {
    auto store = store::SqliteStore::open((dir / "c.db").string());
    ASSERT_TRUE(store.has_value());
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    for (int i = 0; i < 12; ++i) testing::write_turn_trace(**store, now - 20 * 86'400'000LL + i);
    for (int i = 0; i < 3; ++i) testing::write_turn_trace(**store, now - 86'400'000LL + i);
  }
  dir.write("bot.yaml", "retention: {metadata: 10d, io: 7d, every: 1h}\n");
  auto r = bot({"--console", "--config", "bot.yaml", "--scenarios", kScenarios, "--store", "c.db"}, dir, "");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // (The console logs warnings only; the `store.pruned` line is RetentionWorker's unit test's.)
  auto store = store::SqliteStore::open((dir / "c.db").string());
  ASSERT_TRUE(store.has_value());
  auto traces = (*store)->trace_count();
  ASSERT_TRUE(traces.has_value());
  EXPECT_EQ(*traces, 3) << "10d from the config: the 20-day-old traces went (30d would have kept them), the "
                           "day-old ones stay";
}

TEST(BotConsole, AMalformedConfigExitsTwoNamingTheKey) {
  testing::TempDir dir;
  dir.write("bot.yaml", "admins: [1]\nbudget:\n  max_dollars: 3\n");
  auto r = bot({"--console", "--config", "bot.yaml", "--scenarios", kScenarios}, dir, "");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "[config.unknown_key] bot.yaml:3:3")) << r.err;
  EXPECT_TRUE(contains(r.err, "max_dollars")) << r.err;
}

// The bot.yaml README.md shows, word for word.
const char* kReadmeConfig = R"(admins: [111111111]
store: dealquest.db
llm: live
agents: {counterpart: {provider: anthropic, model: claude-haiku-4-5}}
budget: {max_usd: 5.00, test_max_usd: 0.50}
telegram: {poll_timeout_seconds: 25, progress_throttle_ms: 1000, per_chat_interval_ms: 1000, global_per_second: 28}
dry_run_latency_ms: 0
)";

TEST(BotConsole, TheReadmeConfigWithoutAKeyNamesTheFileTheKeyAndTheWayOut) {
  testing::TempDir dir;
  dir.write("bot.yaml", kReadmeConfig);
  const std::map<std::string, std::string> no_keys{{"ANTHROPIC_API_KEY", ""}, {"OPENROUTER_API_KEY", ""}};
  auto r = bot({"--console", "--config", "bot.yaml", "--scenarios", kScenarios}, dir, "/start\n", no_keys);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "[llm.no_api_key] bot.yaml:3:6: llm: live in the config file")) << r.err;
  EXPECT_TRUE(contains(r.err, "ANTHROPIC_API_KEY")) << r.err;
  EXPECT_TRUE(contains(r.err, "--llm dry-run")) << r.err;

  auto overridden = bot({"--console", "--config", "bot.yaml", "--scenarios", kScenarios, "--llm", "dry-run"},
                        dir, "/start\n", no_keys);
  EXPECT_EQ(overridden.exit_code, 0) << "the flag wins over the file: " << overridden.out << overridden.err;
  EXPECT_TRUE(contains(overridden.out, "Choose a scenario")) << overridden.out;
}

TEST(BotConsole, AMisspelledConfigKeyNamesTheConfigFileNotAScenario) {
  testing::TempDir dir;
  dir.write("bot.yaml", "sotre: bot.db\n");
  auto r = bot({"--console", "--config", "bot.yaml", "--scenarios", kScenarios}, dir, "");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(
      contains(r.err, "[config.unknown_key] bot.yaml:1:1: unknown key 'sotre' in config file bot.yaml"))
      << r.err;
  EXPECT_FALSE(contains(r.err, "in scenario")) << r.err;
  EXPECT_TRUE(contains(r.err, "did you mean 'store'?")) << r.err;
}

TEST(BotConsole, ABadMenuChoiceShowsTheMenuAgain) {
  testing::TempDir dir;
  auto r = bot({"--console", "--scenarios", kScenarios, "--store", "c.db"}, dir, "/start\n99\nabc\n1\n");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(contains(r.out, "No negotiation is running")) << r.out;
  const auto after_99 = r.out.find("you> 99");
  const auto after_abc = r.out.find("you> abc");
  ASSERT_NE(after_99, std::string::npos) << r.out;
  ASSERT_NE(after_abc, std::string::npos) << r.out;
  for (const std::string& answer : {r.out.substr(after_99, after_abc - after_99), r.out.substr(after_abc)}) {
    EXPECT_TRUE(contains(answer, "not one of the scenarios")) << answer;
    EXPECT_TRUE(contains(answer, "[1] ")) << "the numbered menu again: " << answer;
  }
  EXPECT_TRUE(contains(r.out, "You are negotiating with")) << "1 still picks from the menu: " << r.out;
}

TEST(BotConsole, StartMidNegotiationAsksFirstAndNoKeepsTheNegotiation) {
  testing::TempDir dir;
  auto r = bot({"--console", "--scenarios", kScenarios, "--store", "c.db"}, dir,
               "/start\n1\nI can offer 80k\n/start\n2\n/debrief\n");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "Start over?")) << r.out;
  EXPECT_TRUE(contains(r.out, "[1] Yes, start over")) << r.out;
  EXPECT_TRUE(contains(r.out, "[2] No, go on")) << r.out;
  EXPECT_TRUE(contains(r.out, "/10")) << "No kept the negotiation, so /debrief scores it: " << r.out;
  EXPECT_FALSE(contains(r.out, "nothing to score")) << r.out;

  auto yes = bot({"--console", "--scenarios", kScenarios, "--store", "y.db"}, dir,
                 "/start\n1\nI can offer 80k\n/start\n1\n");
  ASSERT_EQ(yes.exit_code, 0) << yes.out << yes.err;
  const auto answered = yes.out.find("you> 1", yes.out.find("Start over?"));
  ASSERT_NE(answered, std::string::npos) << yes.out;
  EXPECT_TRUE(contains(yes.out.substr(answered), "Choose a scenario")) << "Yes shows the menu: " << yes.out;
}

TEST(BotConsole, ReplayIsRefusedSayingWhatToUseInstead) {
  testing::TempDir dir;
  auto r =
      bot({"--console", "--llm", "replay", "--scenarios", kScenarios, "--store", "c.db"}, dir, "/start\n");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "[bot.console_replay] --llm replay")) << r.err;
  EXPECT_TRUE(contains(r.err, "--llm dry-run")) << r.err;
  EXPECT_TRUE(contains(r.err, "dealquest-test run --replay")) << r.err;
  EXPECT_FALSE(contains(r.out, "try again in a moment")) << r.out;

  dir.write("bot.yaml", "llm: replay\n");
  auto from_config = bot({"--console", "--config", "bot.yaml", "--scenarios", kScenarios}, dir, "");
  EXPECT_EQ(from_config.exit_code, 2);
  EXPECT_TRUE(contains(from_config.err, "[bot.console_replay] bot.yaml:1:6: llm: replay in the config file"))
      << from_config.err;
}

TEST(BotConsole, HtmlAndBytesThatAreNotTextGetAPoliteAnswerAndNoTurn) {
  testing::TempDir dir;
  auto r = bot({"--console", "--scenarios", kScenarios, "--store", "c.db"}, dir,
               "/start\n1\nI offer <b>80k</b>, final\n\xff\xfe I offer 80k\n/debrief\n");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "contains HTML tags")) << r.out;
  EXPECT_TRUE(contains(r.out, "bytes that are not text")) << r.out;
  EXPECT_TRUE(contains(r.out, "nothing to score")) << "neither message was a turn: " << r.out;
}

TEST(BotConsole, WithoutATokenTheTelegramModeSaysWhatToDo) {
  testing::TempDir dir;
  auto r = bot({"--scenarios", kScenarios}, dir, "", {{"TELEGRAM_BOT_TOKEN", ""}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "TELEGRAM_BOT_TOKEN")) << r.err;
  EXPECT_TRUE(contains(r.err, "--console")) << r.err;
}

}  // namespace
}  // namespace dq::e2e
