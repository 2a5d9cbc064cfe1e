// dealquest-bot --console on a PostgreSQL trace store: its traces show in /admin traces (read back from the
// server), its own state goes to a SQLite file beside it, and nothing it prints shows the server's password.
#include <gtest/gtest.h>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/pg_server.hpp"

namespace dq::e2e {
namespace {

const std::string kBot = DQ_BOT_BIN;

TEST(BotPostgres, TheConsoleBotWritesItsTracesToTheServerAndShowsThemInAdminTraces) {
  testing::PgServer* server = testing::shared_pg_server();
  DQ_REQUIRE_PG(server);
  const std::string uri = server->fresh_database();
  testing::TempDir dir;
  auto console = [&](const std::string& name, const std::string& typed) {
    testing::ProcessOptions o{dir.path().string(), {{"NO_COLOR", "1"}}, dir.write(name, typed).string()};
    return testing::run_process({kBot, "--console", "--scenarios", kScenarios, "--store", uri}, o);
  };
  // The first session's spans are all on the server once it has exited (the span queue drains at exit).
  auto talk = console("talk.txt", "/start\n1\nI can offer 80k\n");
  ASSERT_EQ(talk.exit_code, 0) << talk.out << talk.err;
  auto r = console("admin.txt", "/admin traces\n");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto page = r.out.find("Traces · page 1/1");
  ASSERT_NE(page, std::string::npos) << r.out;
  EXPECT_FALSE(contains(r.out, "page 1/1 · 0 total")) << r.out;
  EXPECT_TRUE(contains(r.out.substr(page), "turn")) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir / "dealquest-state.db")) << "the bot's state went to its own file";
  EXPECT_TRUE(contains(r.out, "store postgresql://")) << r.out;

  auto report = dq_test({"report", "--traces", "--store", uri}, dir);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_TRUE(contains(report.out, "turn")) << report.out;
}

}  // namespace
}  // namespace dq::e2e
