// dealquest-bot --console end to end: a conversation piped through it, for $0, whose traces then show up
// in dealquest-test report.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.hpp"

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

TEST(BotConsole, AMalformedConfigExitsTwoNamingTheKey) {
  testing::TempDir dir;
  dir.write("bot.yaml", "admins: [1]\nbudget:\n  max_dollars: 3\n");
  auto r = bot({"--console", "--config", "bot.yaml", "--scenarios", kScenarios}, dir, "");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "[config.unknown_key] bot.yaml:3:3")) << r.err;
  EXPECT_TRUE(contains(r.err, "max_dollars")) << r.err;
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
