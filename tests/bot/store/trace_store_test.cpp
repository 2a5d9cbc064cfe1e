// The trace store's contract, on every backend (TEST_P over SQLite and PostgreSQL), and what only the SQLite
// store has (its busy timeout, its path).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include "bot/store/sqlite_store.hpp"
#include "tests/bot/store/span_fixtures.hpp"
#include "tests/bot/store/store_backends.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::store {
namespace {

using fixtures::make_run;
using fixtures::make_trace;

using StoreContract = fixtures::StoreBackend;

TEST_P(StoreContract, WriteBatchStoresEverySpanAndATracesRowForTheRoot) {
  const auto spans = make_trace("r1", 3);
  ASSERT_TRUE(store->write_batch(spans).has_value());
  EXPECT_EQ(rows("spans"), 4);
  EXPECT_EQ(rows("traces"), 1);

  const trace::SpanRecord& root = spans.back();
  const std::string traces = "FROM traces WHERE trace_id = '" + root.trace_id.hex() + "'";
  EXPECT_EQ(scalar("SELECT run_id " + traces), "r1");
  EXPECT_EQ(scalar("SELECT pipeline " + traces), "turn");
  EXPECT_EQ(scalar("SELECT scenario " + traces), "haggle");
  EXPECT_EQ(scalar("SELECT turn " + traces), "1");
  EXPECT_EQ(scalar("SELECT user_id " + traces), "user-1");
  EXPECT_EQ(scalar("SELECT chat_id " + traces), "chat-1");
  EXPECT_EQ(scalar("SELECT start_ms " + traces), std::to_string(root.start_ms));
  EXPECT_EQ(scalar("SELECT duration_us " + traces), "1000");
  EXPECT_EQ(scalar("SELECT status " + traces), "ok");
  EXPECT_EQ(scalar("SELECT count(*) " + traces + " AND error IS NULL"), "1");

  const std::string span = "FROM spans WHERE trace_id = '" + spans[1].trace_id.hex() + "' AND span_id = '" +
                           spans[1].span_id.hex() + "'";
  EXPECT_EQ(scalar("SELECT parent_span_id " + span), root.span_id.hex());
  EXPECT_EQ(scalar("SELECT name " + span), "llm.counterpart");
  EXPECT_EQ(scalar("SELECT duration_us " + span), "101");
  EXPECT_EQ(scalar("SELECT status " + span), "ok");
  EXPECT_EQ(scalar("SELECT model " + span), "dry-run");
  EXPECT_EQ(scalar("SELECT input_tokens " + span), "120");
  EXPECT_EQ(scalar("SELECT output_tokens " + span), "30");
  EXPECT_DOUBLE_EQ(std::stod(scalar("SELECT cost_usd " + span)), 0.002);

  EXPECT_EQ(scalar("SELECT count(*) FROM spans WHERE parent_span_id IS NULL"), "1");
}

TEST_P(StoreContract, SpanIoIsWrittenOnlyForSpansWithInputOrOutput) {
  auto spans = make_trace("r1", 3);
  spans[2].output = "only an output";
  ASSERT_TRUE(store->write_batch(spans).has_value());
  EXPECT_EQ(rows("span_io"), 2);

  const std::string io1 = "FROM span_io WHERE span_id = '" + spans[1].span_id.hex() + "'";
  EXPECT_EQ(scalar("SELECT input " + io1), spans[1].input);
  EXPECT_EQ(scalar("SELECT output " + io1), spans[1].output);
  const std::string io2 = "FROM span_io WHERE span_id = '" + spans[2].span_id.hex() + "'";
  EXPECT_EQ(scalar("SELECT count(*) " + io2 + " AND input IS NULL"), "1");
  EXPECT_EQ(scalar("SELECT output " + io2), "only an output");
}

TEST_P(StoreContract, AnErrorSpanKeepsItsStatusAndError) {
  auto spans = make_trace("r1", 2);
  spans[0].status = trace::SpanStatus::error;
  spans[0].error = "[llm.http_529] overloaded";
  spans.back().status = trace::SpanStatus::error;
  spans.back().error = "[pipeline.step_failed] ctx.load";
  ASSERT_TRUE(store->write_batch(spans).has_value());
  EXPECT_EQ(scalar("SELECT count(*) FROM spans WHERE status = 'error'"), "2");
  EXPECT_EQ(scalar("SELECT error FROM traces"), "[pipeline.step_failed] ctx.load");
}

TEST_P(StoreContract, ABatchIsAllOrNothing) {
  auto spans = make_trace("r1", 3);
  auto more = make_trace("r1", 2);
  spans.insert(spans.end(), more.begin(), more.end());
  spans.push_back(spans[1]);  // the same (trace_id, span_id) twice: the last insert of the batch fails

  auto written = store->write_batch(spans);
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, "store.constraint");
  EXPECT_EQ(written.error().where, store->location());
  EXPECT_NE(written.error().message.find("writing a batch of 8 spans"), std::string::npos)
      << written.error().message;
  EXPECT_EQ(rows("spans"), 0);
  EXPECT_EQ(rows("traces"), 0);
  EXPECT_EQ(rows("span_io"), 0);

  // The writer is fine afterwards: the next batch goes in.
  ASSERT_TRUE(store->write_batch(make_trace("r1", 3)).has_value());
  EXPECT_EQ(rows("spans"), 4);
  EXPECT_EQ(rows("span_io"), 1);
}

TEST_P(StoreContract, AnEmptyBatchWritesNothingAndSucceeds) {
  EXPECT_TRUE(store->write_batch({}).has_value());
  EXPECT_EQ(rows("spans"), 0);
}

TEST_P(StoreContract, ASecondStoreOnTheSameFileSeesWhatTheFirstWroteWhileBothAreOpen) {
  auto second = open_trace_store(location);
  ASSERT_TRUE(second.has_value()) << second.error().to_string();

  ASSERT_TRUE(store->begin_run(make_run("r1")).has_value());
  ASSERT_TRUE(store->write_batch(make_trace("r1", 3)).has_value());
  auto run = (*second)->latest_run();
  ASSERT_TRUE(run.has_value() && run->has_value());
  EXPECT_EQ((*run)->run_id, "r1");
  auto samples = (*second)->step_samples("r1");
  ASSERT_TRUE(samples.has_value());
  EXPECT_EQ(samples->size(), 4u);

  // And the other way round: the second one writes, the first one reads.
  ASSERT_TRUE((*second)->begin_run(make_run("r2", 1'800'000'000'000)).has_value());
  ASSERT_TRUE((*second)->write_batch(make_trace("r2", 1)).has_value());
  run = store->latest_run();
  ASSERT_TRUE(run.has_value() && run->has_value());
  EXPECT_EQ((*run)->run_id, "r2");
  samples = store->step_samples("r2");
  ASSERT_TRUE(samples.has_value());
  EXPECT_EQ(samples->size(), 2u);
}

TEST_P(StoreContract, ARunIsBegunGetsItsScenariosAndChecksAndIsFinished) {
  query::RunRow run = make_run("r1");
  ASSERT_TRUE(store->begin_run(run).has_value());
  auto found = store->find_run("r1");
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->status, "running");
  EXPECT_EQ((*found)->ended_ms, 0);

  query::ScenarioRow haggle{"haggle", "scenarios/haggle.yaml", "failed", 2, 15000, ""};
  std::vector<query::CheckRow> checks{{"haggle", 0, "json_shape", "pass", ""},
                                      {"haggle", 2, "contains", "fail", "expected \"12,000\" in the reply"},
                                      {"haggle", 1, "contains", "pass", ""},
                                      {"haggle", 1, "faithful", "not_evaluated", "no numbers"}};
  ASSERT_TRUE(store->record_scenario("r1", haggle, checks).has_value());
  ASSERT_TRUE(store->record_scenario("r1", {"anchor", "scenarios/anchor.yaml", "passed", 1, 900, ""}, {})
                  .has_value());

  run.status = "failed";
  run.ended_ms = run.started_ms + 2500;
  run.passed = 1;
  run.failed = 1;
  run.dropped_spans = 3;
  run.note = "3 spans dropped";
  ASSERT_TRUE(store->finish_run(run).has_value());

  found = store->find_run("r1");
  ASSERT_TRUE(found.has_value() && found->has_value());
  const query::RunRow& r = **found;
  EXPECT_EQ(r.mode, "dry-run");
  EXPECT_EQ(r.status, "failed");
  EXPECT_EQ(r.started_ms, run.started_ms);
  EXPECT_EQ(r.ended_ms, run.started_ms + 2500);
  EXPECT_EQ(r.scenarios, 2);
  EXPECT_EQ(r.passed, 1);
  EXPECT_EQ(r.failed, 1);
  EXPECT_EQ(r.dropped_spans, 3u);
  EXPECT_EQ(r.note, "3 spans dropped");

  auto scenarios = store->scenarios("r1");
  ASSERT_TRUE(scenarios.has_value());
  ASSERT_EQ(scenarios->size(), 2u);
  EXPECT_EQ((*scenarios)[0].scenario, "anchor");
  EXPECT_EQ((*scenarios)[1].scenario, "haggle");
  EXPECT_EQ((*scenarios)[1].file, "scenarios/haggle.yaml");
  EXPECT_EQ((*scenarios)[1].status, "failed");
  EXPECT_EQ((*scenarios)[1].turns, 2);
  EXPECT_EQ((*scenarios)[1].duration_us, 15000);

  auto stored = store->checks("r1");
  ASSERT_TRUE(stored.has_value());
  ASSERT_EQ(stored->size(), 4u);
  // Turns in order, checks in recorded order within a turn, the debrief (turn 0) last.
  EXPECT_EQ((*stored)[0].check, "contains");
  EXPECT_EQ((*stored)[0].turn, 1);
  EXPECT_EQ((*stored)[1].check, "faithful");
  EXPECT_EQ((*stored)[1].status, "not_evaluated");
  EXPECT_EQ((*stored)[1].detail, "no numbers");
  EXPECT_EQ((*stored)[2].turn, 2);
  EXPECT_EQ((*stored)[2].detail, "expected \"12,000\" in the reply");
  EXPECT_EQ((*stored)[3].turn, 0);
  EXPECT_EQ((*stored)[3].check, "json_shape");
}

TEST_P(StoreContract, TheLatestRunIsTheOneStartedLast) {
  ASSERT_TRUE(store->begin_run(make_run("b", 2000)).has_value());
  ASSERT_TRUE(store->begin_run(make_run("a", 3000)).has_value());
  ASSERT_TRUE(store->begin_run(make_run("c", 1000)).has_value());
  auto run = store->latest_run();
  ASSERT_TRUE(run.has_value() && run->has_value());
  EXPECT_EQ((*run)->run_id, "a");
}

TEST_P(StoreContract, AnEmptyStoreHasNoLatestRunAndUnknownRunsAreNotFound) {
  auto latest = store->latest_run();
  ASSERT_TRUE(latest.has_value());
  EXPECT_FALSE(latest->has_value());
  auto found = store->find_run("nope");
  ASSERT_TRUE(found.has_value());
  EXPECT_FALSE(found->has_value());
  auto scenarios = store->scenarios("nope");
  ASSERT_TRUE(scenarios.has_value());
  EXPECT_TRUE(scenarios->empty());
}

TEST_P(StoreContract, RunWritesAboutRunsNeverBegunOrBegunTwiceAreErrors) {
  auto finished = store->finish_run(make_run("ghost"));
  ASSERT_FALSE(finished.has_value());
  EXPECT_EQ(finished.error().code, "store.unknown_run");

  auto recorded = store->record_scenario("ghost", {"haggle", "f.yaml", "passed", 1, 1, ""}, {});
  ASSERT_FALSE(recorded.has_value());
  EXPECT_EQ(recorded.error().code, "store.unknown_run");

  ASSERT_TRUE(store->begin_run(make_run("r1")).has_value());
  auto again = store->begin_run(make_run("r1"));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, "store.constraint");

  ASSERT_TRUE(store->record_scenario("r1", {"haggle", "f.yaml", "passed", 1, 1, ""}, {}).has_value());
  auto twice = store->record_scenario("r1", {"haggle", "f.yaml", "passed", 1, 1, ""},
                                      {{"haggle", 1, "contains", "pass", ""}});
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, "store.constraint");
  EXPECT_EQ(rows("check_results"), 0);  // the failed record_scenario left nothing behind
}

TEST_P(StoreContract, StepSamplesReturnOnlyTheSpansOfTheGivenRun) {
  auto r1 = make_trace("r1", 3);
  r1[0].status = trace::SpanStatus::error;
  auto r1b = make_trace("r1", 1);
  auto r2 = make_trace("r2", 2);
  auto bot = make_trace("", 4);  // bot traffic: no run
  for (auto* batch : {&r1, &r1b, &r2, &bot}) ASSERT_TRUE(store->write_batch(*batch).has_value());

  auto samples = store->step_samples("r1");
  ASSERT_TRUE(samples.has_value());
  EXPECT_EQ(samples->size(), 6u);
  int errors = 0, llm = 0;
  for (const auto& s : *samples) {
    errors += s.error;
    if (s.name == "llm.counterpart") {
      ++llm;
      EXPECT_EQ(s.model, "dry-run");
      EXPECT_EQ(s.input_tokens, 120);
      EXPECT_EQ(s.output_tokens, 30);
      EXPECT_DOUBLE_EQ(s.cost_usd, 0.002);
    }
  }
  EXPECT_EQ(errors, 1);
  EXPECT_EQ(llm, 1);

  samples = store->step_samples("r2");
  ASSERT_TRUE(samples.has_value());
  EXPECT_EQ(samples->size(), 3u);
  samples = store->step_samples("r3");
  ASSERT_TRUE(samples.has_value());
  EXPECT_TRUE(samples->empty());
  samples = store->step_samples("");
  ASSERT_TRUE(samples.has_value());
  EXPECT_TRUE(samples->empty());  // bot traffic belongs to no run
}

DQ_ON_EVERY_BACKEND(StoreContract);

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::open(path);
    ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
    store = std::move(*opened);
  }

  testing::TempDir dir;
  const std::string path = (dir / "traces.db").string();
  std::unique_ptr<SqliteStore> store;
};

TEST_F(SqliteStoreTest, WritesWaitingTooLongForAnotherProcessAreStoreLocked) {
  auto impatient = SqliteStore::open(path, {.busy_timeout = std::chrono::milliseconds(50)});
  ASSERT_TRUE(impatient.has_value()) << impatient.error().to_string();
  SQLite::Database other(path, SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");

  auto written = (*impatient)->write_batch(make_trace("r1", 1));
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, "store.locked");
  EXPECT_NE(written.error().message.find("busy timeout"), std::string::npos) << written.error().message;
  auto begun = (*impatient)->begin_run(make_run("r1"));
  ASSERT_FALSE(begun.has_value());
  EXPECT_EQ(begun.error().code, "store.locked");

  // Readers are not blocked by a writer (WAL).
  auto latest = (*impatient)->latest_run();
  EXPECT_TRUE(latest.has_value());

  other.exec("ROLLBACK");
  EXPECT_TRUE((*impatient)->write_batch(make_trace("r1", 1)).has_value());
  EXPECT_TRUE((*impatient)->begin_run(make_run("r1")).has_value());
}

TEST_F(SqliteStoreTest, TheLocationIsThePathOfTheFile) {
  EXPECT_EQ(store->location(), path);
  EXPECT_EQ(store->path(), path);
}

}  // namespace
}  // namespace dq::store
