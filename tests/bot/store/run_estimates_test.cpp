// Schema v7: the cost estimate of each run, per scenario and role, and what `report --runs` sums of it.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "bot/store/migrations.hpp"
#include "bot/store/sqlite_store.hpp"
#include "bot/store/sqlite_store_impl.hpp"
#include "tests/bot/store/span_fixtures.hpp"
#include "tests/bot/store/store_backends.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::store {
namespace {

std::string db_path(const testing::TempDir& dir) {
  return (dir / "traces.db").string();
}

query::EstimateRow planned(std::string scenario, std::string role, std::int64_t calls, double expected) {
  query::EstimateRow r;
  r.scenario = std::move(scenario);
  r.role = std::move(role);
  r.planned_calls = calls;
  r.planned_input_tokens = calls * 400;
  r.planned_output_tokens = calls * 30;
  r.expected_usd = expected;
  r.worst_usd = expected * 9;
  return r;
}

std::unique_ptr<SqliteStore> open_store(const testing::TempDir& dir) {
  auto store = SqliteStore::open(db_path(dir));
  EXPECT_TRUE(store.has_value()) << store.error().to_string();
  return store ? std::move(*store) : nullptr;
}

TEST(Migrations, Version7UpgradesAVersion6StoreWhoseRunsReadAsHavingNoEstimate) {
  testing::TempDir dir;
  {
    SQLite::Database db(db_path(dir), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA foreign_keys=ON");
    for (const auto& m : migrations())
      if (m.version <= 6) db.exec(m.sql);
    db.exec("INSERT OR REPLACE INTO schema_version (id, version) VALUES (1, 6)");
    db.exec("INSERT INTO runs (run_id, mode, status, started_ms) VALUES ('old', 'live', 'passed', 1)");
  }
  auto store = open_store(dir);
  ASSERT_NE(store, nullptr);
  auto rows = store->estimates("old");
  ASSERT_TRUE(rows.has_value()) << rows.error().to_string();
  EXPECT_TRUE(rows->empty());
  auto runs = store->runs(10, "");
  ASSERT_TRUE(runs.has_value()) << runs.error().to_string();
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_LT((*runs)[0].expected_usd, 0) << "no estimate";

  ASSERT_TRUE(store->record_estimate("old", {planned("used-car", "counterpart", 5, 0.007)}).has_value());
  EXPECT_EQ(store->estimates("old")->size(), 1u);
  SQLite::Database db(db_path(dir), SQLite::OPEN_READONLY);
  EXPECT_EQ(read_schema_version(db), kCurrentSchemaVersion);
}

using RunEstimates = fixtures::StoreBackend;

TEST_P(RunEstimates, RoundTripByScenarioThenInTheOrderStored) {
  ASSERT_TRUE(store->begin_run(fixtures::make_run("r1")).has_value());
  const std::vector<query::EstimateRow> rows{
      planned("b-scenario", "counterpart", 4, 0.005), planned("b-scenario", "coach", 1, 0.0008),
      planned("a-scenario", "trainee", 6, 0.0027), planned("a-scenario", "counterpart", 6, 0.0088)};
  ASSERT_TRUE(store->record_estimate("r1", rows).has_value());
  auto read = store->estimates("r1");
  ASSERT_TRUE(read.has_value()) << read.error().to_string();
  ASSERT_EQ(read->size(), 4u);
  EXPECT_EQ((*read)[0].scenario, "a-scenario");
  EXPECT_EQ((*read)[0].role, "trainee");
  EXPECT_EQ((*read)[1].role, "counterpart");
  EXPECT_EQ((*read)[2].scenario, "b-scenario");
  EXPECT_EQ((*read)[2].role, "counterpart");
  const query::EstimateRow& coach = (*read)[3];
  EXPECT_EQ(coach.role, "coach");
  EXPECT_EQ(coach.planned_calls, 1);
  EXPECT_EQ(coach.planned_input_tokens, 400);
  EXPECT_EQ(coach.planned_output_tokens, 30);
  EXPECT_DOUBLE_EQ(coach.expected_usd, 0.0008);
  EXPECT_DOUBLE_EQ(coach.worst_usd, 0.0072);
  EXPECT_EQ(coach.calls, 0) << "actuals come from the spans, in the report";
  EXPECT_TRUE(store->estimates("other")->empty());
}

TEST_P(RunEstimates, AnEstimateForARunNeverBegunIsUnknownRunAndWritesNothing) {
  auto recorded = store->record_estimate("ghost", {planned("s", "counterpart", 1, 0.001)});
  ASSERT_FALSE(recorded.has_value());
  EXPECT_EQ(recorded.error().code, "store.unknown_run");
  EXPECT_EQ(rows("run_estimates"), 0);
}

TEST_P(RunEstimates, RunsListEachRunsExpectedCostAndMinusOneWithoutAnEstimate) {
  ASSERT_TRUE(store->begin_run(fixtures::make_run("with", 1000)).has_value());
  ASSERT_TRUE(store->begin_run(fixtures::make_run("without", 2000)).has_value());
  ASSERT_TRUE(
      store->record_estimate("with", {planned("a", "counterpart", 2, 0.25), planned("b", "coach", 1, 0.125)})
          .has_value());
  ASSERT_TRUE(store->write_batch(fixtures::make_trace("with")).has_value());
  auto runs = store->runs(10, "");
  ASSERT_TRUE(runs.has_value()) << runs.error().to_string();
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].run.run_id, "without");
  EXPECT_LT((*runs)[0].expected_usd, 0);
  EXPECT_EQ((*runs)[1].run.run_id, "with");
  EXPECT_DOUBLE_EQ((*runs)[1].expected_usd, 0.375);
  EXPECT_EQ((*runs)[1].llm_calls, 1);
  EXPECT_DOUBLE_EQ((*runs)[1].cost_usd, 0.002);
}

// `report --runs` must stay fast on a store of a million traces: every table the one query reads besides
// the runs it lists is searched through an index, never scanned.
DQ_ON_EVERY_BACKEND(RunEstimates);

TEST(RunEstimatesPlan, TheRunsQueryReadsTracesSpansAndEstimatesThroughIndexesOnly) {
  testing::TempDir dir;
  ASSERT_NE(open_store(dir), nullptr);
  SQLite::Database db(db_path(dir), SQLite::OPEN_READONLY);
  SQLite::Statement plan(db, std::string("EXPLAIN QUERY PLAN ") + kRunsSql);
  std::string all;
  bool estimates_searched = false;
  while (plan.executeStep()) {
    const std::string detail = plan.getColumn(3).getString();
    all += detail + "\n";
    if (detail.starts_with("SCAN")) {
      EXPECT_TRUE(detail.starts_with("SCAN r")) << "a table scanned whole: " << detail;
    }
    if (detail.starts_with("SEARCH e ")) estimates_searched = detail.find(" USING ") != std::string::npos;
  }
  EXPECT_TRUE(estimates_searched) << all;
}

}  // namespace
}  // namespace dq::store
