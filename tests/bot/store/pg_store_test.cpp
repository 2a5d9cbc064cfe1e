// What only the PostgreSQL store has: day partitions made ahead and dropped by prune, a clear error for a
// server that is not there, a writer that outlives a server restart, and a password that never shows.
#include "bot/store/pg_store.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "bot/store/store_errors.hpp"
#include "bot/trace/span_queue.hpp"
#include "tests/bot/store/span_fixtures.hpp"
#include "tests/bot/store/store_backends.hpp"

namespace dq::store {
namespace {

using fixtures::make_run;
using fixtures::make_trace;
using fixtures::pg_scalar;

constexpr std::int64_t kDay = 24 * 3600 * 1000LL;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string day_name(std::int64_t ms) {
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{ms}})};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server = testing::shared_pg_server();
    DQ_REQUIRE_PG(server);
    uri = server->fresh_database();
    auto opened = PgStore::open(uri);
    ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
    store = std::move(*opened);
  }
  std::int64_t partitions(const std::string& table) const {
    return std::stoll(
        pg_scalar(uri, "SELECT count(*) FROM pg_inherits WHERE inhparent = '" + table + "'::regclass"));
  }
  bool has_table(const std::string& name) const {
    return pg_scalar(uri, "SELECT to_regclass('" + name + "') IS NOT NULL") == "t";
  }

  testing::PgServer* server = nullptr;
  std::string uri;
  std::unique_ptr<PgStore> store;
};

TEST_F(PgStoreTest, OpenMakesDayPartitionsFromYesterdayToTheDayAfterTomorrowAndNoDefault) {
  for (const char* table : {"traces", "spans", "span_io"}) {
    EXPECT_EQ(partitions(table), 4) << table;
    for (int d = -1; d <= 2; ++d)
      EXPECT_TRUE(has_table(std::string(table) + "_d" + day_name(now_ms() + d * kDay)))
          << table << " day " << d;
    EXPECT_EQ(pg_scalar(uri,
                        "SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partdefid "
                        "WHERE p.partrelid = '" +
                            std::string(table) + "'::regclass"),
              "0")
        << "no DEFAULT partition that would absorb every day";
  }
  EXPECT_EQ(pg_scalar(uri,
                      "SELECT count(*) FROM pg_indexes WHERE indexdef LIKE '%USING brin%' AND tablename IN "
                      "('traces', 'spans', 'span_io')"),
            "3");
  EXPECT_EQ(pg_scalar(uri, "SELECT version FROM schema_version"), "11");
}

TEST_F(PgStoreTest, TheWriterMakesTheDayItNeedsAndPruneDropsWholeDaysBeforeTheCut) {
  const std::int64_t now = now_ms();
  const std::int64_t old = now - 40 * kDay;
  ASSERT_TRUE(store->write_batch(make_trace("", 3, old)).has_value());
  ASSERT_TRUE(has_table("spans_d" + day_name(old)));
  ASSERT_TRUE(has_table("span_io_d" + day_name(old)));
  ASSERT_TRUE(store->write_batch(make_trace("", 3, now)).has_value());

  auto pruned = store->prune({}, now, /*dry_run=*/false);
  ASSERT_TRUE(pruned.has_value()) << pruned.error().to_string();
  EXPECT_EQ(pruned->traces, 1);
  EXPECT_EQ(pruned->spans, 4);
  EXPECT_EQ(pruned->io_rows, 1);
  for (const char* table : {"traces", "spans", "span_io"})
    EXPECT_FALSE(has_table(std::string(table) + "_d" + day_name(old))) << table << ": the old day is dropped";
  EXPECT_EQ(pg_scalar(uri, "SELECT count(*) FROM spans"), "4");
  auto total = store->trace_count();
  ASSERT_TRUE(total.has_value());
  EXPECT_EQ(*total, 1);

  // The writer learns that the day is gone and makes it again.
  ASSERT_TRUE(store->write_batch(make_trace("", 1, old)).has_value());
  EXPECT_TRUE(has_table("spans_d" + day_name(old)));
}

TEST_F(PgStoreTest, TheDayTheCutFallsInLosesOnlyTheRowsBeforeTheCut) {
  const std::int64_t now = now_ms();
  const std::int64_t cut = now - 30 * kDay;
  ASSERT_TRUE(store->write_batch(make_trace("", 3, cut - 1)).has_value());
  ASSERT_TRUE(store->write_batch(make_trace("", 3, cut)).has_value());
  auto pruned = store->prune({}, now, false);
  ASSERT_TRUE(pruned.has_value()) << pruned.error().to_string();
  EXPECT_EQ(pruned->traces, 1);
  EXPECT_EQ(pg_scalar(uri, "SELECT min(start_ms) FROM traces"), std::to_string(cut));
  EXPECT_EQ(store->trace_count().value_or(-1), 1) << "the day's count follows the batch's deletes";
}

TEST(PgStoreOpen, AClosedPortIsStoreUnreachableWithoutThePassword) {
  auto* server = testing::shared_pg_server();
  DQ_REQUIRE_PG(server);
  // Port 1 is privileged and nothing listens there: the connection is refused at once.
  auto opened = PgStore::open("postgresql://dq:s3cret-pw@127.0.0.1:1/nowhere?connect_timeout=2");
  ASSERT_FALSE(opened.has_value());
  const core::Error& e = opened.error();
  EXPECT_EQ(e.code, "store.unreachable");
  EXPECT_EQ(e.where, "postgresql://dq@127.0.0.1:1/nowhere");
  EXPECT_NE(e.message.find("is the server running"), std::string::npos) << e.message;
  EXPECT_EQ(e.to_string().find("s3cret-pw"), std::string::npos) << e.to_string();
}

TEST_F(PgStoreTest, ThePasswordIsInNeitherTheLocationNorAMessage) {
  // trust authentication ignores the password, so the store opens with one in the URI.
  const std::string with_password =
      "postgresql://dq:hunter2-xyz@127.0.0.1:" + std::to_string(server->port()) + uri.substr(uri.rfind('/'));
  auto opened = PgStore::open(with_password);
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  EXPECT_EQ((*opened)->location().find("hunter2"), std::string::npos);
  auto batch = make_trace("", 1);
  batch.push_back(batch.front());  // a duplicate span: store.constraint
  auto written = (*opened)->write_batch(batch);
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, "store.constraint");
  EXPECT_EQ(written.error().to_string().find("hunter2"), std::string::npos) << written.error().to_string();
}

TEST_F(PgStoreTest, ANewerSchemaIsSchemaTooNew) {
  pg_scalar(uri, "UPDATE schema_version SET version = 99");
  auto opened = PgStore::open(uri);
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, "store.schema_too_new");
  EXPECT_NE(opened.error().message.find("schema 99"), std::string::npos) << opened.error().message;
}

TEST_F(PgStoreTest, ADatabaseWithOtherTablesIsNotAStore) {
  const std::string other = server->fresh_database();
  pg_scalar(other, "CREATE TABLE customers (id int)");
  auto opened = PgStore::open(other);
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, "store.open");
}

// A session of its own on the test's database (a report's query, in the test below).
struct Session {
  explicit Session(const std::string& uri) : conn(PQconnectdb(uri.c_str()), &PQfinish) {}
  std::string exec(const std::string& sql) {
    std::unique_ptr<PGresult, void (*)(PGresult*)> r(PQexec(conn.get(), sql.c_str()), &PQclear);
    const ExecStatusType status = PQresultStatus(r.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return PQresultErrorMessage(r.get());
    return "ok";
  }
  std::unique_ptr<PGconn, void (*)(PGconn*)> conn;
};

// Dropping a day locks its parent tables one after another (traces, then spans); a session that holds spans
// and then asks for traces would deadlock with it. The prune gives up its locks after 100 ms instead, lets
// that session through, and drops the day on its next try: both succeed (without the retry, the server
// aborts the prune after 1 s).
TEST_F(PgStoreTest, APruneThatWouldDeadlockWithAReaderStepsBackAndTriesAgain) {
  const std::int64_t old = now_ms() - 40 * kDay;
  ASSERT_TRUE(store->write_batch(make_trace("", 3, old)).has_value());
  Session reader(uri);
  ASSERT_EQ(reader.exec("BEGIN"), "ok");
  ASSERT_EQ(reader.exec("SELECT count(*) FROM spans"), "ok");  // holds spans until it ends

  core::Result<query::PruneReport> pruned = std::unexpected(core::Error{});
  std::thread prune([&] { pruned = store->prune({}, now_ms(), /*dry_run=*/false); });
  // The prune has traces and waits for spans.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (pg_scalar(uri, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") == "0" &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::yield();
  EXPECT_EQ(reader.exec("SELECT count(*) FROM traces"), "ok") << "the reader is not the one aborted";
  EXPECT_EQ(reader.exec("COMMIT"), "ok");
  prune.join();
  ASSERT_TRUE(pruned.has_value()) << pruned.error().to_string();
  EXPECT_EQ(pruned->traces, 1);
  EXPECT_FALSE(has_table("traces_d" + day_name(old)));
}

// The server goes away mid-run: batches that cannot wait fail after the writer's bounded retries and are
// counted as failed by the span queue; once it is back, the next batches are written. Nothing is lost
// without being counted.
TEST_F(PgStoreTest, TheWriterSurvivesAServerRestartAndCountsWhatCouldNotWait) {
  ASSERT_TRUE(store->begin_run(make_run("r1")).has_value());
  trace::SpanQueue queue(
      *store, {.capacity = 100'000, .batch_size = 100, .flush_interval = std::chrono::milliseconds(5)});
  for (int t = 0; t < 50; ++t)
    for (auto& span : make_trace("r1", 3)) queue.submit(std::move(span));
  queue.flush();
  EXPECT_EQ(queue.stats().written, 200u);

  server->stop();
  struct Restart {  // the other tests of this binary need the server back, also when this one fails
    testing::PgServer* s;
    bool done = false;
    ~Restart() {
      try {
        if (!done) s->restart();
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
      }
    }
  } restart_guard{server};
  for (auto& span : make_trace("r1", 3)) queue.submit(std::move(span));
  queue.flush();  // the writer retries for under 2 s, then gives the batch up
  EXPECT_EQ(queue.stats().write_failed, 4u);
  EXPECT_NE(queue.stats().last_error.find("store.unreachable"), std::string::npos)
      << queue.stats().last_error;

  server->restart();
  restart_guard.done = true;
  for (int t = 0; t < 10; ++t)
    for (auto& span : make_trace("r1", 3)) queue.submit(std::move(span));
  queue.stop();
  const auto stats = queue.stats();
  EXPECT_EQ(stats.submitted, 244u);
  EXPECT_EQ(stats.written + stats.write_failed + stats.dropped, stats.submitted)
      << "every span accounted for";
  EXPECT_EQ(stats.written, 240u) << stats.last_error;
  EXPECT_EQ(pg_scalar(uri, "SELECT count(*) FROM spans"), "240");
  // The reader's connection was cut too; it reconnects.
  auto samples = store->step_samples("r1");
  ASSERT_TRUE(samples.has_value()) << samples.error().to_string();
  EXPECT_EQ(samples->size(), 240u);
}

}  // namespace
}  // namespace dq::store
