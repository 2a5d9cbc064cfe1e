// /admin stats from the hourly rollup (step_rollup.hpp): the window's whole hours read from it, the part
// before them from the spans; counts, failures, tokens and cost exact, percentiles within 5%; the rollup
// kept by the writer, filled once by the migration for spans stored before, and pruned with the metadata.
#include "bot/store/step_rollup.hpp"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <random>

#include "bot/query/percentiles.hpp"
#include "bot/query/trace_views.hpp"
#include "bot/store/open_trace_store.hpp"
#include "tests/bot/store/span_fixtures.hpp"
#include "tests/bot/store/store_backends.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/trace_fixtures.hpp"

namespace dq::store {
namespace {

constexpr std::int64_t kHour = kRollupHourMs;
constexpr std::int64_t kNow = 1'800'000'000'000 + 1'234'567;  // not on an hour

// Turns over `hours` hours before kNow, one every ~`every_ms`; every 7th failed. Durations spread over 3
// orders of magnitude so percentiles mean something.
std::vector<trace::SpanRecord> busy_hours(int hours, std::int64_t every_ms) {
  std::mt19937_64 rng(7);
  std::vector<trace::SpanRecord> all;
  int n = 0;
  for (std::int64_t t = kNow - hours * kHour; t < kNow; t += every_ms, ++n) {
    trace::SpanRecord root;
    root.trace_id = core::new_trace_id(t);
    root.span_id = core::new_span_id();
    root.name = "pipeline.turn";
    root.start_ms = t;
    root.duration_us = 1'000 + static_cast<std::int64_t>(rng() % 2'000'000);
    root.status = n % 7 == 0 ? trace::SpanStatus::error : trace::SpanStatus::ok;
    root.trace = {"", "turn", "s", 1, "u", "c"};
    trace::SpanRecord llm;
    llm.trace_id = root.trace_id;
    llm.span_id = core::new_span_id();
    llm.parent_id = root.span_id;
    llm.name = "llm.counterpart";
    llm.model = "m";
    llm.start_ms = t;
    llm.duration_us = 500 + static_cast<std::int64_t>(rng() % 900'000);
    llm.input_tokens = 100;
    llm.output_tokens = 7;
    llm.cost_usd = 0.001;
    all.push_back(std::move(llm));
    all.push_back(std::move(root));
  }
  return all;
}

// On every backend (store_backends.hpp).
struct Rollup : fixtures::StoreBackend {
  void write(const std::vector<trace::SpanRecord>& spans) {
    for (std::size_t i = 0; i < spans.size(); i += 256) {
      const std::size_t n = std::min<std::size_t>(256, spans.size() - i);
      ASSERT_TRUE(store->write_batch(std::span(spans.data() + i, n)).has_value());
    }
  }
  void reopen() {
    store.reset();
    auto opened = open_trace_store(location);
    ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
    store = std::move(*opened);
  }
};

// What the default (every span, exact) gives, to hold the rollup's answer against.
query::StepWindow exact(query::TraceReader& reader, std::int64_t since, const std::string& name) {
  auto all = reader.query::TraceReader::step_window_since(since);
  EXPECT_TRUE(all.has_value());
  for (auto& w : *all)
    if (w.name == name) return w;
  return {};
}

void expect_close(std::int64_t rolled, std::int64_t measured) {
  EXPECT_NEAR(static_cast<double>(rolled), static_cast<double>(measured),
              0.05 * static_cast<double>(measured))
      << rolled << " vs " << measured;
}

TEST_P(Rollup, AWindowOfManyHoursCountsExactlyAndGivesPercentilesWithinFivePercent) {
  write(busy_hours(30, 20'000));
  const std::int64_t since = kNow - 24 * kHour;  // starts inside an hour
  auto w = query::window_stats(*store, kNow, std::chrono::hours(24), "24 h", {});
  ASSERT_TRUE(w.has_value()) << w.error().to_string();
  auto counts = store->step_samples_since(since);
  ASSERT_TRUE(counts.has_value());
  std::int64_t roots = 0, failed = 0;
  for (const auto& s : *counts) {
    roots += s.name == "pipeline.turn";
    failed += s.name == "pipeline.turn" && s.error;
  }
  EXPECT_EQ(w->traces, roots);
  EXPECT_EQ(w->error_traces, failed);
  for (const query::StepStats& step : w->steps) {
    const query::StepWindow e = exact(*store, since, step.name);
    std::vector<std::int64_t> values;
    for (const auto& d : e.durations) values.push_back(d.first);
    const query::Percentiles p = query::percentiles(values);
    EXPECT_EQ(step.count, static_cast<std::int64_t>(values.size())) << step.name;
    EXPECT_EQ(step.errors, e.errors) << step.name;
    EXPECT_EQ(step.input_tokens, e.input_tokens) << step.name;
    expect_close(step.p50_us, p.p50);
    expect_close(step.p95_us, p.p95);
    expect_close(step.p99_us, p.p99);
  }
  EXPECT_EQ(w->input_tokens, roots * 100);
}

// The store as the version before the rollup left it: SQLite's v9, PostgreSQL's v10 (both counted traces in
// trace_totals, not per day in trace_days; PostgreSQL had no run windows).
void downgrade(const fixtures::StoreBackend& t, const std::string& location) {
  if (t.GetParam() == "postgresql") {
    fixtures::pg_scalar(
        location,
        "DROP TABLE step_rollup; ALTER TABLE runs DROP COLUMN traces_from_ms, DROP COLUMN "
        "traces_to_ms; CREATE TABLE trace_totals (id INTEGER PRIMARY KEY CHECK (id = 1), "
        "traces BIGINT NOT NULL); INSERT INTO trace_totals SELECT 1, sum(traces) FROM trace_days; "
        "DROP TABLE trace_days; UPDATE schema_version SET version = 10");
    return;
  }
  SQLite::Database db(location, SQLite::OPEN_READWRITE);  // v9 also counted traces in all (trace_totals)
  db.exec(
      "DROP TABLE step_rollup; DROP TRIGGER traces_counted_in; DROP TRIGGER traces_counted_out; "
      "DROP TABLE trace_days; CREATE TABLE trace_totals (id INTEGER PRIMARY KEY CHECK (id = 1), traces "
      "INTEGER NOT NULL); INSERT INTO trace_totals SELECT 1, count(*) FROM traces; "
      "CREATE TRIGGER traces_counted_in AFTER INSERT ON traces BEGIN UPDATE trace_totals SET traces = traces "
      "+ 1 WHERE id = 1; END; CREATE TRIGGER traces_counted_out AFTER DELETE ON traces BEGIN UPDATE "
      "trace_totals SET traces = traces - 1 WHERE id = 1; END; UPDATE schema_version SET version = 9");
}

TEST_P(Rollup, TheMigrationRollsUpSpansStoredBeforeIt) {
  auto busy = busy_hours(5, 60'000);
  for (auto& s : busy) s.trace.run_id = s.is_root() ? "r" : "";
  ASSERT_TRUE(store->begin_run(fixtures::make_run("r", kNow - 6 * kHour)).has_value());
  write(busy);
  auto before = query::window_stats(*store, kNow, std::chrono::hours(4), "4 h", {});
  ASSERT_TRUE(before.has_value());
  const std::int64_t traces = store->trace_count().value_or(-1);
  const std::size_t run_spans = store->step_samples("r")->size();
  store.reset();
  downgrade(*this, location);
  reopen();
  auto after = query::window_stats(*store, kNow, std::chrono::hours(4), "4 h", {});
  ASSERT_TRUE(after.has_value());
  ASSERT_EQ(after->steps.size(), before->steps.size());
  EXPECT_EQ(after->traces, before->traces);
  for (std::size_t i = 0; i < after->steps.size(); ++i) {
    EXPECT_EQ(after->steps[i].count, before->steps[i].count);
    EXPECT_EQ(after->steps[i].p95_us, before->steps[i].p95_us) << "SQL's buckets are the writer's";
  }
  EXPECT_EQ(store->trace_count().value_or(-1), traces);
  EXPECT_EQ(store->step_samples("r")->size(), run_spans);
  EXPECT_EQ(run_spans, busy.size());
}

// 84 hours x 100 duration buckets: 8,400 rollup rows from one batch, more than one statement of 8
// parameters a row could take (65,535 parameters at most).
TEST_P(Rollup, ABatchOfThousandsOfRollupRowsIsAddedWhole) {
  std::vector<trace::SpanRecord> spans;
  for (int hour = 0; hour < 84; ++hour)
    for (int b = 0; b < 100; ++b) {
      trace::SpanRecord root;
      root.trace_id = core::new_trace_id(kNow);
      root.span_id = core::new_span_id();
      root.name = "pipeline.turn";
      root.start_ms = kNow - hour * kHour;
      root.duration_us = bucket_value(b + 60);  // 300 us to 4 s: each its own bucket
      root.trace = {"", "turn", "s", 1, "u", "c"};
      spans.push_back(std::move(root));
    }
  ASSERT_TRUE(store->write_batch(spans).has_value());
  EXPECT_EQ(rows("step_rollup"), 8400);
  EXPECT_EQ(scalar("SELECT sum(spans) FROM step_rollup"), "8400");
}

TEST_P(Rollup, PruneDropsTheHoursBeforeTheMetadataCut) {
  write(busy_hours(3, 600'000));
  const std::int64_t rows = this->rows("step_rollup");
  ASSERT_GT(rows, 0);
  query::RetentionPolicy policy;
  policy.metadata = std::chrono::hours(2);
  policy.io = std::chrono::hours(1);
  ASSERT_TRUE(store->prune(policy, kNow, false).has_value());
  const std::int64_t first_kept = std::stoll(scalar("SELECT min(hour) FROM step_rollup"));
  EXPECT_EQ(first_kept, (kNow - 2 * kHour) / kHour) << "the hour the cut falls in stays";
  EXPECT_LT(this->rows("step_rollup"), rows);
}

DQ_ON_EVERY_BACKEND(Rollup);

TEST(DurationBucket, IsTenPercentWideAndItsValueIsInside) {
  for (std::int64_t us : {1LL, 9LL, 1'000LL, 123'456LL, 60'000'000LL}) {
    const std::int64_t b = duration_bucket(us);
    const std::int64_t v = bucket_value(b);
    EXPECT_NEAR(static_cast<double>(v), static_cast<double>(us), 0.05 * static_cast<double>(us) + 1) << us;
  }
  EXPECT_EQ(bucket_value(duration_bucket(0)), 0);
}

}  // namespace
}  // namespace dq::store
