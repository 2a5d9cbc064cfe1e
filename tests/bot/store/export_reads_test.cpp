// What `export` reads: a run's traces, or the recent ones, oldest first, each through an index.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "bot/store/sqlite_store.hpp"
#include "bot/store/sqlite_store_impl.hpp"
#include "tests/bot/store/span_fixtures.hpp"
#include "tests/bot/store/store_backends.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::store {
namespace {

using fixtures::make_trace;

constexpr std::int64_t kT0 = 1'700'000'000'000;

// Written newest first, so the order read back is the store's, not the writer's.
void write_traces(trace::TraceSink& store) {
  for (auto [run, start] : {std::pair{"r1", kT0 + 3000}, {"r2", kT0 + 2000}, {"r1", kT0 + 1000}, {"r1", kT0}})
    ASSERT_TRUE(store.write_batch(make_trace(run, 2, start)));
}

class ExportReads : public fixtures::StoreBackend {
 protected:
  void SetUp() override {
    StoreBackend::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    write_traces(*store);
  }
};

class ExportReadsPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::open(path());
    ASSERT_TRUE(opened) << opened.error().to_string();
    store = std::move(*opened);
    write_traces(*store);
  }
  std::string path() const { return (dir / "traces.db").string(); }

  // EXPLAIN QUERY PLAN's lines for `sql`.
  std::string plan_of(const char* sql) const {
    SQLite::Database db(path(), SQLite::OPEN_READONLY);
    SQLite::Statement plan(db, std::string("EXPLAIN QUERY PLAN ") + sql);
    std::string lines;
    while (plan.executeStep()) lines += plan.getColumn(3).getString() + "\n";
    return lines;
  }

  testing::TempDir dir;
  std::unique_ptr<SqliteStore> store;
};

TEST_P(ExportReads, TracesOfARunAreItsOwnOldestFirst) {
  auto rows = store->run_traces("r1");
  ASSERT_TRUE(rows) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].start_ms, kT0);
  EXPECT_EQ((*rows)[1].start_ms, kT0 + 1000);
  EXPECT_EQ((*rows)[2].start_ms, kT0 + 3000);
  for (const auto& r : *rows) EXPECT_EQ(r.run_id, "r1");
  auto spans = store->trace_spans((*rows)[0].trace_id);
  ASSERT_TRUE(spans);
  EXPECT_EQ(spans->size(), 3u);
  EXPECT_TRUE(store->run_traces("nosuch")->empty());
}

TEST_P(ExportReads, TracesSinceAreEveryRunsOldestFirstUpToTheLimit) {
  auto rows = store->export_traces_since(kT0 + 1000, 100);
  ASSERT_TRUE(rows) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].start_ms, kT0 + 1000);
  EXPECT_EQ((*rows)[1].run_id, "r2");
  auto two = store->export_traces_since(kT0, 2);
  ASSERT_TRUE(two);
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[1].start_ms, kT0 + 1000);
}

DQ_ON_EVERY_BACKEND(ExportReads);

TEST_F(ExportReadsPlan, BothQueriesSearchAnIndexInsteadOfScanningTraces) {
  const std::string of_run = plan_of(kRunTracesSql);
  EXPECT_NE(of_run.find("USING INDEX traces_by_run"), std::string::npos) << of_run;
  const std::string since = plan_of(kExportTracesSinceSql);
  EXPECT_NE(since.find("USING INDEX traces_by_start"), std::string::npos) << since;
  EXPECT_EQ(since.find("TEMP B-TREE"), std::string::npos) << "sorted by the index, not afterwards: " << since;
}

}  // namespace
}  // namespace dq::store
