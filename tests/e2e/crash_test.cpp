// Crash durability: `dealquest-test run` killed with SIGKILL at random moments, 100 times against one store
// (dry-run, and live with --record against the fake LLM), and dealquest-bot killed 20 times in the middle of
// conversations. After every kill the store passes `PRAGMA integrity_check` and every cassette on disk is
// whole; the next start marks the dead run `abandoned`, and `report` says so.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/fake_llm_server.hpp"
#include "tests/support/fake_telegram_server.hpp"

namespace dq::e2e {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string kBot = DQ_BOT_BIN;

std::string integrity(const fs::path& db) {
  SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
  return d.execAndGet("PRAGMA integrity_check").getString();
}

std::map<std::string, int> run_statuses(const fs::path& db) {
  SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
  if (!d.tableExists("runs")) return {};  // killed before its first migration committed: an empty file
  SQLite::Statement q(d, "SELECT status, count(*) FROM runs GROUP BY status");
  std::map<std::string, int> out;
  while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt();
  return out;
}

// Every cassette in `dir` is a whole file that parses, with its interactions.
void expect_whole_cassettes(const fs::path& dir, int kill) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    const auto text = testing::read_file(entry.path().string());
    const auto doc = nlohmann::json::parse(text, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << "kill " << kill << ": half-written " << entry.path();
    ASSERT_TRUE(doc.contains("interactions")) << "kill " << kill << ": " << entry.path();
  }
}

TEST(Crash, AHundredSigkillsOfRunLeaveAConsistentStoreWholeCassettesAndEveryDeadRunAbandoned) {
  testing::TempDir dir;
  testing::FakeLlmServer fake;
  fake.set_latency(10ms);
  fake.start();
  fs::create_directories(dir / "rec");
  for (const auto& entry : fs::directory_iterator(kRecordings))
    if (fs::exists(kScenarios + "/" + entry.path().stem().string() + ".yaml"))  // the scenarios' cassettes
      fs::copy_file(entry.path(), dir / "rec" / entry.path().filename());
  const std::map<std::string, std::string> env{{"ANTHROPIC_API_KEY", "sk-ant-api03-CRASHCRASHCRASHCRASH"},
                                               {"OPENROUTER_API_KEY", "sk-or-v1-crashcrashcrashcrash"},
                                               {"ANTHROPIC_BASE_URL", fake.base_url()},
                                               {"OPENROUTER_BASE_URL", fake.base_url()},
                                               {"NO_COLOR", "1"},
                                               {"CI", ""}};
  auto estimate = dq_test({"estimate", kScenarios, "--format", "json"}, dir);
  const std::string amount = nlohmann::json::parse(estimate.out)["confirm_amount"];

  // Kills at a random moment of a run until 100 have landed while it was going, after its run row was
  // written. A kill before the row exists leaves nothing to mark, and one after the run finished kills
  // nothing: neither counts. The moments are drawn over how long a whole run takes on this build (a
  // sanitizer build is several times slower), measured first.
  auto timed = [&](const std::vector<std::string>& argv) {
    const auto start = std::chrono::steady_clock::now();
    auto p = testing::start_process(argv, dir.path().string(), {dir.path().string(), env});
    EXPECT_EQ(testing::wait_process(p).exit_code, 0);
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
  };
  const std::vector<std::string> dry{kBin, "run", "--dry-run", kScenarios, "--store", "s.db"};
  const std::vector<std::string> live{
      kBin,       "run", "--live",         kScenarios, "--store",        "s.db",
      "--record", "all", "--cassette-dir", "rec",      "--confirm-cost", amount};
  const auto dry_us = timed(dry).count(), live_us = timed(live).count();
  std::mt19937 rng(20261129);
  int dead = 0, early = 0, finished = 0, attempt = 0;
  for (; dead < 100 && attempt < 500; ++attempt) {
    const bool is_live = attempt % 2 == 1;
    auto p = testing::start_process(is_live ? live : dry, dir.path().string(), {dir.path().string(), env});
    std::this_thread::sleep_for(std::chrono::microseconds(
        std::uniform_int_distribution<std::int64_t>(0, is_live ? live_us : dry_us)(rng)));
    ::kill(p.pid, SIGKILL);
    const auto r = testing::wait_process(p);
    if (!fs::exists(dir / "s.db")) {
      ++early;
      continue;
    }
    ASSERT_EQ(integrity(dir / "s.db"), "ok") << "after attempt " << attempt;
    expect_whole_cassettes(dir / "rec", attempt);
    const auto statuses = run_statuses(dir / "s.db");
    const int unfinished = (statuses.count("running") ? statuses.at("running") : 0) +
                           (statuses.count("abandoned") ? statuses.at("abandoned") : 0);
    if (r.exit_code != 128 + SIGKILL)
      ++finished;
    else if (unfinished > dead)
      ++dead;
    else
      ++early;
    ASSERT_EQ(unfinished, dead) << "each kill mid-run leaves exactly one unfinished run";
  }
  std::printf("run (a whole dry run %lld ms, live %lld ms): ", static_cast<long long>(dry_us / 1000),
              static_cast<long long>(live_us / 1000));
  std::printf("%d attempts; %d killed mid-run, %d killed before their run row, %d finished first\n", attempt,
              dead, early, finished);
  ASSERT_EQ(dead, 100);

  // The next start marks every dead run.
  auto next = dq_test({"run", "--dry-run", kScenarios, "--store", "s.db"}, dir);
  ASSERT_EQ(next.exit_code, 0) << next.out << next.err;
  const auto statuses = run_statuses(dir / "s.db");
  EXPECT_EQ(statuses.count("running"), 0u) << "no run is left running";
  EXPECT_EQ(statuses.count("abandoned") ? statuses.at("abandoned") : 0, 100) << "every dead run, marked";
  for (const auto& [status, n] : statuses)
    EXPECT_TRUE(status == "abandoned" || status == "passed" || status == "failed") << status << " x" << n;
  EXPECT_EQ(integrity(dir / "s.db"), "ok");

  SQLite::Database d((dir / "s.db").string(), SQLite::OPEN_READONLY);
  const std::string abandoned =
      d.execAndGet("SELECT run_id FROM runs WHERE status = 'abandoned' LIMIT 1").getString();
  auto report = dq_test({"report", "--store", "s.db", "--run", abandoned}, dir);
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_TRUE(contains(report.out, "abandoned")) << report.out;
  EXPECT_TRUE(contains(report.out, "ended without finishing the run")) << report.out;
}

TEST(Crash, TwentySigkillsOfTheBotMidConversationLeaveAConsistentStoreAndTheNextStartMarksThem) {
  testing::TempDir dir;
  dir.write("bot.yaml",
            "admins: [900]\nllm: dry-run\ndry_run_latency_ms: 20\n"
            "telegram: {poll_timeout_seconds: 1, progress_throttle_ms: 50, per_chat_interval_ms: 0}\n");
  testing::FakeTelegramServer tg;
  tg.start();
  const std::map<std::string, std::string> env{{"TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN"},
                                               {"TELEGRAM_API_URL", tg.base_url()},
                                               {"DEALQUEST_STORE", ""}};
  const std::vector<std::string> argv{kBot,       "--config", "bot.yaml", "--scenarios",
                                      kScenarios, "--store",  "bot.db"};
  std::mt19937 rng(7);
  for (int kill = 0; kill < 20; ++kill) {
    auto p = testing::start_process(argv, dir.path().string(), {dir.path().string(), env});
    const std::int64_t chat = 1000 + kill;
    // Once the menu is shown this bot is up and its run row written: every kill lands mid-conversation.
    tg.user_sends(chat, chat, "/start");
    ASSERT_TRUE(tg.wait_until(
        [chat](const testing::FakeTelegramServer& s) {
          for (const auto& m : s.bot_messages(chat))
            if (contains(m.text, "Choose a scenario")) return true;
          return false;
        },
        30s))
        << "kill " << kill;
    tg.user_sends(chat, chat, "1");
    for (int m = 0; m < 4; ++m)
      tg.user_sends(chat, chat, "Could you do better on the price? " + std::to_string(m));
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 400)(rng)));
    ::kill(p.pid, SIGKILL);
    testing::wait_process(p);
    if (fs::exists(dir / "bot.db")) {
      ASSERT_EQ(integrity(dir / "bot.db"), "ok") << "after kill " << kill;
    }
  }
  // A last start, stopped politely: every earlier bot run is marked abandoned, none is left running.
  auto p = testing::start_process(argv, dir.path().string(), {dir.path().string(), env});
  tg.user_sends(1, 1, "/start");  // answered only once this bot is up
  ASSERT_TRUE(tg.wait_until(
      [](const testing::FakeTelegramServer& s) {
        for (const auto& m : s.bot_messages(1))
          if (contains(m.text, "Choose a scenario")) return true;
        return false;
      },
      15s));
  ::kill(p.pid, SIGTERM);
  auto done = testing::wait_process(p);
  EXPECT_EQ(done.exit_code, 0) << done.err;
  const auto statuses = run_statuses(dir / "bot.db");
  EXPECT_EQ(statuses.count("running"), 0u);
  EXPECT_EQ(statuses.count("abandoned") ? statuses.at("abandoned") : 0, 20) << "one bot run per kill";
  EXPECT_EQ(integrity(dir / "bot.db"), "ok");
}

}  // namespace
}  // namespace dq::e2e
