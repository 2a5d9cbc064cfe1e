// Retention (query::TraceRetention), on every backend: metadata and I/O kept for their own ages, removed in
// bounded batches (SQLite) or whole days (PostgreSQL), runs still running never touched, and a dry run that
// counts exactly what a prune removes.
#include <gtest/gtest.h>

#include <atomic>

#include "tests/bot/store/span_fixtures.hpp"
#include "tests/bot/store/store_backends.hpp"

namespace dq::store {
namespace {

using fixtures::make_run;
using fixtures::make_trace;

constexpr std::int64_t kDay = 24 * 3600 * 1000LL;
constexpr std::int64_t kNow = 1'800'000'000'000;

struct Prune : fixtures::StoreBackend {
  // `n` traces (a root, 3 children, I/O on one) started `age_days` ago, of `run_id` ("" for bot traffic).
  void traces(int n, std::int64_t age_days, const std::string& run_id = "") {
    for (int i = 0; i < n; ++i)
      ASSERT_TRUE(store->write_batch(make_trace(run_id, 3, kNow - age_days * kDay + i)).has_value());
  }
  void finished_run(const std::string& id, std::int64_t age_days, const std::string& status = "passed") {
    auto run = make_run(id, kNow - age_days * kDay);
    ASSERT_TRUE(store->begin_run(run).has_value());
    query::ScenarioRow s;
    s.scenario = "haggle";
    s.status = "passed";
    query::CheckRow c;
    c.scenario = "haggle";
    c.check = "contains";
    c.status = "pass";
    ASSERT_TRUE(store->record_scenario(id, s, {c}).has_value());
    if (status == "running") return;
    run.status = status;
    run.ended_ms = run.started_ms + 1000;
    ASSERT_TRUE(store->finish_run(run).has_value());
  }
};

TEST_P(Prune, MetadataPastThirtyDaysGoesWithItsSpansIoAndRunsInBatches) {
  traces(7, 40, "old-run");
  traces(3, 10);
  traces(2, 1);
  finished_run("old-run", 40);
  finished_run("recent-run", 2);
  query::RetentionPolicy policy;
  policy.batch_traces = 3;
  auto r = store->prune(policy, kNow, /*dry_run=*/false);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->traces, 7);
  EXPECT_EQ(r->spans, 7 * 4);
  EXPECT_EQ(r->runs, 1);
  // 7 old traces' I/O, and the 3 of 10 days ago past the 7-day I/O age.
  EXPECT_EQ(r->io_rows, 7 + 3);
  EXPECT_GE(r->batches, 3) << "7 traces in batches of 3: at least 3 transactions";
  EXPECT_EQ(rows("traces"), 5);
  EXPECT_EQ(rows("spans"), 5 * 4);
  EXPECT_EQ(rows("span_io"), 2) << "only the last day's I/O is kept";
  EXPECT_EQ(rows("runs"), 1);
  EXPECT_EQ(rows("scenario_results"), 1) << "the old run's results went with it";
  EXPECT_EQ(rows("check_results"), 1);
  auto total = store->trace_count();
  ASSERT_TRUE(total.has_value());
  EXPECT_EQ(*total, 5) << "the kept count follows the deletes";
}

TEST_P(Prune, ADryRunCountsExactlyWhatThePruneThenRemovesAndRemovesNothing) {
  traces(4, 31);
  traces(5, 8);
  traces(1, 0);
  finished_run("old", 35);
  auto dry = store->prune({}, kNow, /*dry_run=*/true);
  ASSERT_TRUE(dry.has_value()) << dry.error().to_string();
  EXPECT_TRUE(dry->dry_run);
  EXPECT_EQ(rows("traces"), 10) << "a dry run removes nothing";
  EXPECT_EQ(rows("runs"), 1);
  auto real = store->prune({}, kNow, /*dry_run=*/false);
  ASSERT_TRUE(real.has_value());
  EXPECT_EQ(dry->traces, real->traces);
  EXPECT_EQ(dry->spans, real->spans);
  EXPECT_EQ(dry->io_rows, real->io_rows);
  EXPECT_EQ(dry->runs, real->runs);
  EXPECT_EQ(real->traces, 4);
  EXPECT_EQ(real->io_rows, 9);
  EXPECT_EQ(dry->batches, 0);
}

TEST_P(Prune, ARunStillRunningIsNeverRemoved) {
  finished_run("crashed-long-ago", 60, "running");
  auto r = store->prune({}, kNow, false);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->runs, 0);
  EXPECT_EQ(rows("runs"), 1);
}

TEST_P(Prune, ASecondPruneReadsOnlyWhatTheFirstDidNotAndKeepsTheirAgesApart) {
  traces(3, 9);
  query::RetentionPolicy policy;
  policy.io = std::chrono::hours(24 * 7);
  ASSERT_TRUE(store->prune(policy, kNow, false).has_value());
  EXPECT_EQ(rows("span_io"), 0);
  // The next prune, a week later, starts where the first stopped: the new traces, now 8 days old, lose their
  // I/O; the first ones (16 days old) keep their metadata.
  traces(2, 1);
  auto later = store->prune(policy, kNow + 7 * kDay, false);
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ(later->io_rows, 2);
  EXPECT_EQ(later->traces, 0);
  EXPECT_EQ(rows("spans"), 5 * 4) << "metadata is kept for 30 days";
}

TEST_P(Prune, TracesStartedInTheSameMillisecondAcrossBatchesAllLoseTheirIo) {
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(store->write_batch(make_trace("", 3, kNow - 9 * kDay)).has_value());
  query::RetentionPolicy policy;
  policy.batch_traces = 3;  // the batch boundary falls inside the millisecond
  auto r = store->prune(policy, kNow, false);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->io_rows, 7);
  EXPECT_EQ(rows("span_io"), 0);
}

TEST_P(Prune, AStopEndsItAfterTheBatchUnderWayAndTheNextPruneFinishesTheJob) {
  traces(7, 40);
  traces(4, 9);
  std::atomic<bool> stop = true;  // set before it starts: one batch, then it stops
  query::RetentionPolicy policy;
  policy.batch_traces = 3;
  policy.stop = &stop;
  auto first = store->prune(policy, kNow, false);
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->stopped);
  // SQLite deletes a batch of 3 traces; PostgreSQL drops the whole day of 7.
  const int first_batch = pg() ? 7 : 3;
  EXPECT_EQ(first->traces, first_batch);
  EXPECT_EQ(first->batches, 1);
  EXPECT_EQ(rows("traces"), 11 - first_batch);
  stop = false;
  auto second = store->prune(policy, kNow, false);
  ASSERT_TRUE(second.has_value());
  EXPECT_FALSE(second->stopped);
  EXPECT_EQ(second->traces, 7 - first_batch);
  EXPECT_EQ(rows("span_io"), 0) << "the I/O pass ran to its end this time";
}

TEST_P(Prune, AnIoAgeLongerThanTheMetadataAgeEndsWithTheMetadata) {
  traces(2, 20);
  query::RetentionPolicy policy;
  policy.metadata = std::chrono::hours(24 * 10);
  policy.io = std::chrono::hours(24 * 90);
  auto r = store->prune(policy, kNow, false);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->traces, 2);
  EXPECT_EQ(r->io_rows, 2);
  EXPECT_EQ(r->io_cutoff_ms, r->metadata_cutoff_ms);
}

DQ_ON_EVERY_BACKEND(Prune);

}  // namespace
}  // namespace dq::store
