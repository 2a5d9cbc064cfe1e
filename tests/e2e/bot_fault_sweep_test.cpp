// dealquest-bot against every fault the fake Telegram server injects, on the long poll and on the replies:
// each user's message is still answered, exactly once, and the bot stops cleanly. 429 waits retry_after,
// 5xx is retried, 409 (another poller) is waited out; a reply whose answer breaks half-way (reset or stall)
// took effect at Telegram and is not sent twice; a poll whose answer breaks is repeated from the same offset,
// so no update is lost.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/fake_telegram_server.hpp"

namespace dq::e2e {
namespace {

using namespace std::chrono_literals;
using testing::FakeTelegramServer;
using testing::TgFault;

int shown(const FakeTelegramServer& tg, std::int64_t chat, const std::string& needle) {
  int n = 0;
  for (const auto& m : tg.bot_messages(chat)) n += contains(m.text, needle);
  return n;
}

TEST(BotFaultSweep, EveryTelegramFaultOnPollOrReplyStillAnswersEachMessageExactlyOnce) {
  struct Case {
    TgFault fault;
    const char* method;
  };
  const Case cases[] = {{TgFault::rate_limit_429, "getUpdates"},   {TgFault::server_500, "getUpdates"},
                        {TgFault::bad_gateway_502, "getUpdates"},  {TgFault::conflict_409, "getUpdates"},
                        {TgFault::reset_mid_body, "getUpdates"},   {TgFault::stall_mid_body, "getUpdates"},
                        {TgFault::rate_limit_429, "sendMessage"},  {TgFault::server_500, "sendMessage"},
                        {TgFault::bad_gateway_502, "sendMessage"}, {TgFault::reset_mid_body, "sendMessage"}};
  testing::TempDir dir;
  dir.write("bot.yaml",
            "admins: [900]\nllm: dry-run\n"
            "telegram: {poll_timeout_seconds: 1, progress_throttle_ms: 50, per_chat_interval_ms: 0}\n");
  FakeTelegramServer tg;
  tg.set_retry_after_seconds(1);
  tg.start();
  auto bot = testing::start_process(
      {DQ_BOT_BIN, "--config", "bot.yaml", "--scenarios", kScenarios, "--store", "bot.db"},
      dir.path().string(),
      {dir.path().string(),
       {{"TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN"},
        {"TELEGRAM_API_URL", tg.base_url()},
        {"DEALQUEST_STORE", ""}}});
  std::int64_t chat = 500;
  for (const Case& c : cases) {
    ++chat;
    SCOPED_TRACE(std::to_string(static_cast<int>(c.fault)) + " on " + c.method);
    tg.inject(c.fault, c.method, 1);
    tg.user_sends(chat, chat, "/start");
    // A stalled poll is given up after the poll timeout plus 15 s.
    EXPECT_TRUE(tg.wait_until(
        [&](const FakeTelegramServer& s) { return shown(s, chat, "Choose a scenario") > 0; }, 40s))
        << testing::read_file(bot.err_path);
    EXPECT_EQ(shown(tg, chat, "Choose a scenario"), 1) << "answered once, never twice";
  }
  ::kill(bot.pid, SIGTERM);
  auto done = testing::wait_process(bot);
  EXPECT_EQ(done.exit_code, 0) << done.err;
}

}  // namespace
}  // namespace dq::e2e
