#include "bot/store/migrations.hpp"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "bot/store/sqlite_store.hpp"
#include "tests/bot/store/span_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::store {
namespace {

std::string db_path(const testing::TempDir& dir) {
  return (dir / "traces.db").string();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Migrations, AreNumberedOneUpToTheCurrentVersionInOrder) {
  const auto all = migrations();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kCurrentSchemaVersion));
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].version, static_cast<int>(i) + 1);
}

TEST(Migrations, ANewFileIsCreatedAtTheCurrentVersionInWalMode) {
  testing::TempDir dir;
  auto store = SqliteStore::open(db_path(dir));
  ASSERT_TRUE(store.has_value()) << store.error().to_string();

  SQLite::Database db(db_path(dir), SQLite::OPEN_READONLY);
  EXPECT_EQ(read_schema_version(db), kCurrentSchemaVersion);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM schema_version").getInt(), 1);
  for (const char* table : {"runs", "scenario_results", "check_results", "traces", "spans", "span_io"})
    EXPECT_TRUE(db.tableExists(table)) << table;
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db.execAndGet("PRAGMA auto_vacuum").getInt(), 2);  // incremental
}

TEST(Migrations, ReopeningAStoreKeepsItsDataAndVersion) {
  testing::TempDir dir;
  {
    auto store = SqliteStore::open(db_path(dir));
    ASSERT_TRUE(store.has_value()) << store.error().to_string();
    ASSERT_TRUE((*store)->begin_run(fixtures::make_run("r1")).has_value());
  }
  for (int i = 0; i < 2; ++i) {
    auto store = SqliteStore::open(db_path(dir));
    ASSERT_TRUE(store.has_value()) << store.error().to_string();
    auto run = (*store)->latest_run();
    ASSERT_TRUE(run.has_value() && run->has_value());
    EXPECT_EQ((*run)->run_id, "r1");
  }
  SQLite::Database db(db_path(dir), SQLite::OPEN_READONLY);
  EXPECT_EQ(read_schema_version(db), kCurrentSchemaVersion);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM schema_version").getInt(), 1);
}

TEST(Migrations, Version8ReadsTheSpansOfAVersion7StoreAtTheirMillisecondAndStoresNewOnesInMicroseconds) {
  testing::TempDir dir;
  {
    SQLite::Database db(db_path(dir), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (const auto& m : migrations())
      if (m.version <= 7) db.exec(m.sql);
    db.exec("INSERT OR REPLACE INTO schema_version (id, version) VALUES (1, 7)");
    db.exec(
        "INSERT INTO traces (trace_id, pipeline, start_ms, duration_us, status) VALUES ('t1', 'turn', 5000, "
        "900, "
        "'ok')");
    db.exec(
        "INSERT INTO spans (trace_id, span_id, name, start_ms, duration_us, status) VALUES "
        "('t1', 'a', 'pipeline.turn', 5000, 900, 'ok')");
  }
  auto store = SqliteStore::open(db_path(dir));
  ASSERT_TRUE(store.has_value()) << store.error().to_string();
  auto old_spans = (*store)->trace_spans("t1");
  ASSERT_TRUE(old_spans.has_value() && old_spans->size() == 1u);
  EXPECT_EQ((*old_spans)[0].start_us, 5'000'000) << "start_ms * 1000";
  auto spans = fixtures::make_trace("", 2, 1'700'000'000'000);
  for (auto& s : spans) s.start_us = s.start_ms * 1000 + 123;
  ASSERT_TRUE((*store)->write_batch(spans).has_value());
  auto written = (*store)->trace_spans(spans.back().trace_id.hex());
  ASSERT_TRUE(written.has_value());
  ASSERT_FALSE(written->empty());
  EXPECT_EQ((*written)[0].start_us % 1000, 123) << "the microseconds are kept";
  SQLite::Database db(db_path(dir), SQLite::OPEN_READONLY);
  EXPECT_EQ(read_schema_version(db), kCurrentSchemaVersion);
}

TEST(Migrations, Version4KeepsEveryResultOfAVersion3StoreAsRepetitionOne) {
  testing::TempDir dir;
  {
    SQLite::Database db(db_path(dir), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA foreign_keys=ON");
    for (const auto& m : migrations())
      if (m.version <= 3) db.exec(m.sql);
    db.exec("INSERT OR REPLACE INTO schema_version (id, version) VALUES (1, 3)");
    db.exec("INSERT INTO runs (run_id, mode, status, started_ms) VALUES ('r1', 'replay', 'passed', 1)");
    db.exec("INSERT INTO scenario_results (run_id, scenario, status) VALUES ('r1', 'used-car', 'failed')");
    db.exec(
        "INSERT INTO check_results (run_id, scenario, turn, check_name, status) VALUES "
        "('r1', 'used-car', 1, 'contains', 'pass'), ('r1', 'used-car', 2, 'faithful', 'fail')");
  }
  auto store = SqliteStore::open(db_path(dir));
  ASSERT_TRUE(store.has_value()) << store.error().to_string();
  auto checks = (*store)->checks("r1");
  ASSERT_TRUE(checks.has_value());
  ASSERT_EQ(checks->size(), 2u);
  EXPECT_EQ((*checks)[1].check, "faithful");
  EXPECT_EQ((*checks)[1].repetition, 1);
  query::ScenarioRow second{"used-car", "used-car.yaml", "passed", 5, 10, "", 2};
  ASSERT_TRUE((*store)->record_scenario("r1", second, {{"used-car", 1, "contains", "pass", ""}}).has_value());
  auto scenarios = (*store)->scenarios("r1");
  ASSERT_TRUE(scenarios.has_value());
  ASSERT_EQ(scenarios->size(), 2u);
  EXPECT_EQ((*scenarios)[0].repetition, 1);
  EXPECT_EQ((*scenarios)[1].repetition, 2);
  EXPECT_EQ((*store)->checks("r1")->size(), 3u);
  SQLite::Database db(db_path(dir), SQLite::OPEN_READONLY);
  EXPECT_EQ(read_schema_version(db), kCurrentSchemaVersion);
  SQLite::Statement violations(db, "PRAGMA foreign_key_check");
  EXPECT_FALSE(violations.executeStep()) << "every check row still has its scenario row";
  EXPECT_FALSE(db.tableExists("scenario_results_v4"));
}

TEST(Migrations, AStoreFromANewerBuildIsSchemaTooNewAndLeftAlone) {
  testing::TempDir dir;
  ASSERT_TRUE(SqliteStore::open(db_path(dir)).has_value());
  {
    SQLite::Database db(db_path(dir), SQLite::OPEN_READWRITE);
    db.exec("UPDATE schema_version SET version = 99");
  }
  auto store = SqliteStore::open(db_path(dir));
  ASSERT_FALSE(store.has_value());
  const core::Error& e = store.error();
  EXPECT_EQ(e.code, "store.schema_too_new");
  EXPECT_EQ(e.where, db_path(dir));
  EXPECT_TRUE(
      contains(e.message, "schema 99, this build knows up to " + std::to_string(kCurrentSchemaVersion)))
      << e.message;
  EXPECT_TRUE(contains(e.message, "upgrade dealquest or use another --store")) << e.message;

  SQLite::Database db(db_path(dir), SQLite::OPEN_READONLY);
  EXPECT_EQ(read_schema_version(db), 99);
}

TEST(Migrations, AFileThatIsNotSqliteIsStoreCorruptWithAClearMessage) {
  testing::TempDir dir;
  const auto path = dir.write("notes.db", std::string(4096, 'x')).string();
  auto store = SqliteStore::open(path);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, "store.corrupt");
  EXPECT_EQ(store.error().where, path);
  EXPECT_TRUE(contains(store.error().message, "not an SQLite database")) << store.error().message;
}

TEST(Migrations, AnSqliteFileOfAnotherProgramIsRefusedAndLeftUntouched) {
  testing::TempDir dir;
  {
    SQLite::Database db(db_path(dir), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE contacts (name TEXT)");
  }
  auto store = SqliteStore::open(db_path(dir));
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, "store.open");
  EXPECT_TRUE(contains(store.error().message, "not a dealquest trace store")) << store.error().message;
  SQLite::Database db(db_path(dir), SQLite::OPEN_READONLY);
  EXPECT_FALSE(db.tableExists("spans"));
}

TEST(Migrations, AMissingDirectoryIsStoreOpen) {
  testing::TempDir dir;
  const std::string path = (dir / "no/such/dir/traces.db").string();
  auto store = SqliteStore::open(path);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, "store.open");
  EXPECT_TRUE(contains(store.error().message, "directory exists")) << store.error().message;
}

TEST(Migrations, OpeningACurrentStoreDoesNotWaitForAnotherWriter) {
  testing::TempDir dir;
  ASSERT_TRUE(SqliteStore::open(db_path(dir)).has_value());
  SQLite::Database other(db_path(dir), SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  auto store = SqliteStore::open(db_path(dir), {.busy_timeout = std::chrono::milliseconds(50)});
  EXPECT_TRUE(store.has_value()) << store.error().to_string();
  other.exec("ROLLBACK");
}

}  // namespace
}  // namespace dq::store
