// A store that cannot take writes ends a run with exit 3 and a code that says why: [store.full] on a full
// file system, [store.readonly] on a read-only one, [store.locked] when another process holds the write
// lock past the busy timeout. The full and read-only file systems are small tmpfs mounts made in a private
// mount namespace (`unshare -m`, which needs root or user namespaces); where that is impossible the test is
// skipped, and fails under CI.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/fake_telegram_server.hpp"

namespace dq::e2e {
namespace {

// Runs `script` under `sh` in a private mount namespace with $D a fresh directory and $BIN, $SCENARIOS set.
testing::ProcessResult in_namespace(const testing::TempDir& dir, const std::string& script) {
  return testing::run_process(
      {"unshare", "-m", "sh", "-c", script},
      {dir.path().string(),
       {{"D", (dir / "mnt").string()}, {"BIN", kBin}, {"SCENARIOS", kScenarios}, {"NO_COLOR", "1"}}});
}

// Whether this machine lets a test mount a tmpfs in a private namespace.
std::optional<std::string> mounts_unusable(const testing::TempDir& dir) {
  auto probe = in_namespace(dir, "mkdir -p \"$D\" && mount -t tmpfs -o size=1m tmpfs \"$D\"");
  if (probe.exit_code == 0) return std::nullopt;
  return "cannot mount a tmpfs in a private mount namespace (needs root or user namespaces): " + probe.err;
}

TEST(StoreFaults, AFullFileSystemEndsTheRunWithStoreFullAndExit3) {
  testing::TempDir dir;
  if (auto why = mounts_unusable(dir)) DQ_SKIP_OR_FAIL_IN_CI(*why);
  // 300 KiB: the new store fits, the traces of 7 scenarios x 20 repetitions do not.
  auto r = in_namespace(dir,
                        "mkdir -p \"$D\" && mount -t tmpfs -o size=300k tmpfs \"$D\" && "
                        "exec \"$BIN\" run --dry-run \"$SCENARIOS\" --repeat 20 --store \"$D/s.db\"");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "[store.full]")) << r.err;
  EXPECT_TRUE(contains(r.err, "free some disk space")) << r.err;
}

TEST(StoreFaults, AReadOnlyFileSystemIsStoreReadonlyAndExit3) {
  testing::TempDir dir;
  if (auto why = mounts_unusable(dir)) DQ_SKIP_OR_FAIL_IN_CI(*why);
  auto r = in_namespace(dir,
                        "mkdir -p \"$D\" && mount -t tmpfs -o size=4m tmpfs \"$D\" && "
                        "\"$BIN\" run --dry-run \"$SCENARIOS\" --store \"$D/s.db\" >/dev/null && "
                        "mount -o remount,ro \"$D\" && "
                        "exec \"$BIN\" run --dry-run \"$SCENARIOS\" --store \"$D/s.db\"");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "[store.readonly]")) << r.err;
  EXPECT_TRUE(contains(r.err, "writable place")) << r.err;
}

TEST(StoreFaults, AStoreLockedByAnotherWriterIsStoreLockedAndExit3) {
  testing::TempDir dir;
  ASSERT_EQ(dq_test({"run", "--dry-run", kScenarios, "--store", "s.db"}, dir).exit_code, 0);
  SQLite::Database holder((dir / "s.db").string(), SQLite::OPEN_READWRITE);
  holder.exec("BEGIN IMMEDIATE");  // held past the run's 5 s busy timeout
  auto r = dq_test({"run", "--dry-run", kScenarios, "--store", "s.db"}, dir);
  holder.exec("ROLLBACK");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "[store.locked]")) << r.err;
}

TEST(StoreFaults, TheBotOnAFullDiskKeepsAnsweringAndAdminStatsCountTheLostSpans) {
  testing::TempDir dir;
  if (auto why = mounts_unusable(dir)) DQ_SKIP_OR_FAIL_IN_CI(*why);
  testing::FakeTelegramServer tg;
  tg.start();
  dir.write("bot.yaml",
            "admins: [900]\nllm: dry-run\n"
            "telegram: {poll_timeout_seconds: 1, progress_throttle_ms: 50, per_chat_interval_ms: 0}\n");
  // The store gets 400 KiB: enough to start, soon full of traces.
  auto bot = testing::start_process(
      {"unshare", "-m", "sh", "-c",
       "mkdir -p \"$D\" && mount -t tmpfs -o size=400k tmpfs \"$D\" && exec \"$BOT\" --config bot.yaml "
       "--scenarios \"$SCENARIOS\" --store \"$D/bot.db\""},
      dir.path().string(),
      {dir.path().string(),
       {{"D", (dir / "mnt").string()},
        {"BOT", DQ_BOT_BIN},
        {"SCENARIOS", kScenarios},
        {"TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN"},
        {"TELEGRAM_API_URL", tg.base_url()},
        {"DEALQUEST_STORE", ""}}});
  auto last_text = [&](std::int64_t chat) {
    auto all = tg.bot_messages(chat);
    return all.empty() ? std::string() : all.back().text;
  };
  auto says = [&](std::int64_t chat, const std::string& text, const std::string& expect) {
    const std::size_t before = tg.bot_messages(chat).size();
    tg.user_sends(chat, chat, text);
    return tg.wait_until(
        [&](const testing::FakeTelegramServer& s) {
          auto all = s.bot_messages(chat);
          return all.size() > before && contains(all.back().text, expect);
        },
        std::chrono::seconds(15));
  };
  ASSERT_TRUE(says(111, "/start", "Choose a scenario")) << testing::read_file(bot.err_path);
  ASSERT_TRUE(says(111, "7", "You are negotiating with")) << last_text(111);
  for (int i = 0; i < 40; ++i)
    ASSERT_TRUE(says(111, "Turn " + std::to_string(i) + ": what is your best price on the car?", "</b>:"))
        << "turn " << i << ": " << last_text(111) << "\n"
        << testing::read_file(bot.err_path);
  ASSERT_TRUE(says(900, "/admin stats", "spans written")) << last_text(900);
  EXPECT_TRUE(contains(last_text(900), "the store refused: [store.full]")) << last_text(900);
  ::kill(bot.pid, SIGTERM);
  testing::wait_process(bot);
}

}  // namespace
}  // namespace dq::e2e
