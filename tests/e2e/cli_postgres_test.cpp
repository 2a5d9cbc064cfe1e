// `--store postgresql://…`: the CLI on a PostgreSQL server gives the same report as on a SQLite file, finds
// the server through DEALQUEST_STORE too, and says clearly when the server is not there.
#include <gtest/gtest.h>

#include <regex>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/pg_server.hpp"

namespace dq::e2e {
namespace {

// What differs between two runs of the same scenarios: run and trace ids, times, dates, durations.
std::string masked(const std::string& report) {
  std::string out = std::regex_replace(report, std::regex(R"(\d{8}T\d{6}Z-[0-9a-f]{6})"), "RUN");
  out = std::regex_replace(out, std::regex(R"(\b[0-9a-f]{8}\b)"), "TRACE");
  out = std::regex_replace(out, std::regex(R"(\d+(\.\d+)? ?(ms|µs|s)\b)"), "T");
  out = std::regex_replace(out, std::regex(R"(\d{4}-\d{2}-\d{2}[ T][0-9:]{8})"), "DATE");
  return std::regex_replace(out, std::regex(" {2,}"), " ");  // columns as wide as the times in them
}

TEST(CliPostgres, ADryRunThenReportGivesTheSameReportAsOnSqlite) {
  testing::PgServer* server = testing::shared_pg_server();
  DQ_REQUIRE_PG(server);
  const std::string uri = server->fresh_database();
  testing::TempDir dir;
  for (const std::string& store : {uri, std::string("t.db")}) {
    auto run = dq_test({"run", "--dry-run", kScenarios, "--store", store}, dir);
    ASSERT_EQ(run.exit_code, 0) << store << ": " << run.out << run.err;
    EXPECT_TRUE(contains(run.out, "spans in " + store + " · 0 dropped")) << run.out;
  }
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"report"}, {"report", "--runs"}, {"report", "--traces"}}) {
    std::vector<std::string> on_pg = args, on_sqlite = args;
    on_pg.insert(on_pg.end(), {"--store", uri});
    on_sqlite.insert(on_sqlite.end(), {"--store", "t.db"});
    auto pg = dq_test(on_pg, dir);
    auto sqlite = dq_test(on_sqlite, dir);
    ASSERT_EQ(pg.exit_code, 0) << pg.err;
    ASSERT_EQ(sqlite.exit_code, 0) << sqlite.err;
    EXPECT_EQ(masked(pg.out), masked(sqlite.out)) << args.back();
  }
}

TEST(CliPostgres, TheStoreComesFromDealquestStoreAndPruneWorksOnIt) {
  testing::PgServer* server = testing::shared_pg_server();
  DQ_REQUIRE_PG(server);
  const std::string uri = server->fresh_database();
  testing::TempDir dir;
  auto run =
      dq_test({"run", "--dry-run", kScenarios + "/salary-raise.yaml"}, dir, {{"DEALQUEST_STORE", uri}});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "dealquest.db")) << "nothing written to the default file";
  auto report = dq_test({"report"}, dir, {{"DEALQUEST_STORE", uri}});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_TRUE(contains(report.out, "salary-raise")) << report.out;
  auto prune = dq_test({"prune", "--dry-run"}, dir, {{"DEALQUEST_STORE", uri}});
  ASSERT_EQ(prune.exit_code, 0) << prune.err;
  EXPECT_TRUE(contains(prune.out, uri + ": would remove 0 traces")) << prune.out;
}

TEST(CliPostgres, AServerThatIsNotThereIsStoreUnreachableAndNoPasswordIsPrinted) {
  testing::PgServer* server = testing::shared_pg_server();
  DQ_REQUIRE_PG(server);  // the message is libpq's: needs the package, not a running server
  testing::TempDir dir;
  const std::string down = "postgresql://dq:not-shown-pw@127.0.0.1:1/nowhere";
  auto report = dq_test({"report", "--store", down}, dir);
  EXPECT_EQ(report.exit_code, 3) << report.out << report.err;
  EXPECT_TRUE(contains(report.err, "[store.unreachable] postgresql://dq@127.0.0.1:1/nowhere:")) << report.err;
  EXPECT_TRUE(contains(report.err, "is the server running")) << report.err;
  EXPECT_FALSE(contains(report.out + report.err, "not-shown-pw")) << report.err;
  auto run = dq_test({"run", "--dry-run", kScenarios + "/salary-raise.yaml", "--store", down}, dir);
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_TRUE(contains(run.err, "[store.unreachable]")) << run.err;
  EXPECT_FALSE(contains(run.out + run.err, "not-shown-pw")) << run.err;
}

}  // namespace
}  // namespace dq::e2e
