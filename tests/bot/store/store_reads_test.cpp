// Reads whose fast path differs by backend and must still give the same rows: pages of the newest traces
// over many days (PgStore starts at the right day from trace_days), a run's rows wherever its traces lie
// (PgStore reads within the run's window, runs.traces_from_ms / traces_to_ms), and the runs listed without
// their spans (recent_runs).
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/bot/store/span_fixtures.hpp"
#include "tests/bot/store/store_backends.hpp"

namespace dq::store {
namespace {

using fixtures::make_run;
using fixtures::make_trace;

constexpr std::int64_t kDay = 24 * 3600 * 1000LL;
constexpr std::int64_t kStart = 1'700'000'000'000;  // 2023-11-14 22:13:20 UTC

using StoreReads = fixtures::StoreBackend;

TEST_P(StoreReads, EveryPageOfTheNewestTracesIsTheNewestFirstOrderOverManyDays) {
  // Days with 7, 0, 13, 3 and 21 traces; within a day, pairs of traces share a start (then the one written
  // last comes first).
  std::vector<std::string> newest_first;
  const int per_day[] = {7, 0, 13, 3, 21};
  for (int day = 0; day < 5; ++day) {
    std::vector<trace::SpanRecord> batch;
    for (int i = 0; i < per_day[day]; ++i) {
      auto t = make_trace("", 0, kStart + day * kDay + 1000 * (i / 2));
      newest_first.push_back(t.back().trace_id.hex());
      batch.insert(batch.end(), t.begin(), t.end());
    }
    ASSERT_TRUE(store->write_batch(batch).has_value());
  }
  std::reverse(newest_first.begin(), newest_first.end());
  const auto total = static_cast<std::int64_t>(newest_first.size());
  ASSERT_EQ(store->trace_count().value_or(-1), total);

  for (const int limit : {1, 4, 10}) {
    for (std::int64_t offset = 0; offset <= total; ++offset) {
      auto page = store->newest_traces(offset, limit);
      ASSERT_TRUE(page.has_value()) << page.error().to_string();
      std::vector<std::string> got, want;
      for (const auto& row : *page) got.push_back(row.trace_id);
      for (std::int64_t i = offset; i < std::min(total, offset + limit); ++i)
        want.push_back(newest_first[static_cast<std::size_t>(i)]);
      ASSERT_EQ(got, want) << "offset " << offset << ", limit " << limit;
    }
  }
}

TEST_P(StoreReads, ARunsRowsAreFoundOnEveryDayItsTracesLieOnAndNoOtherRunsAre) {
  // A trace written before the run row, then the run, then traces two days later and of another run.
  ASSERT_TRUE(store->write_batch(make_trace("r", 3, kStart)).has_value());
  ASSERT_TRUE(store->begin_run(make_run("r", kStart)).has_value());
  ASSERT_TRUE(store->write_batch(make_trace("other", 3, kStart + kDay)).has_value());
  ASSERT_TRUE(store->write_batch(make_trace("r", 2, kStart + 2 * kDay)).has_value());
  ASSERT_TRUE(store->begin_run(make_run("other", kStart + kDay)).has_value());
  ASSERT_TRUE(store->write_batch(make_trace("", 1, kStart + 3 * kDay)).has_value());

  auto traces = store->run_traces("r");
  ASSERT_TRUE(traces.has_value()) << traces.error().to_string();
  ASSERT_EQ(traces->size(), 2u);
  EXPECT_EQ((*traces)[0].start_ms, kStart);
  EXPECT_EQ((*traces)[1].start_ms, kStart + 2 * kDay);
  auto samples = store->step_samples("r");
  ASSERT_TRUE(samples.has_value());
  EXPECT_EQ(samples->size(), 7u) << "4 spans of the first trace, 3 of the second";
  auto turns = store->turn_latencies("r");
  ASSERT_TRUE(turns.has_value());
  EXPECT_EQ(turns->size(), 2u);
  EXPECT_EQ(store->step_samples("other")->size(), 4u);
  EXPECT_EQ(store->run_traces("never")->size(), 0u);

  auto runs = store->runs(10, "");
  ASSERT_TRUE(runs.has_value());
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[1].run.run_id, "r");
  EXPECT_EQ((*runs)[1].llm_calls, 2) << "one LLM span in each of its traces";
  EXPECT_EQ((*runs)[0].llm_calls, 1);
}

TEST_P(StoreReads, RecentRunsAreTheRunsListedWithoutTheirSpans) {
  for (int i = 0; i < 5; ++i) {
    query::RunRow run = make_run("run-" + std::to_string(i), kStart + i);
    run.mode = i % 2 ? "replay" : "dry-run";
    ASSERT_TRUE(store->begin_run(run).has_value());
  }
  for (const char* mode : {"", "replay", "dry-run"}) {
    auto listed = store->runs(3, mode);
    auto recent = store->recent_runs(3, mode);
    ASSERT_TRUE(listed.has_value() && recent.has_value());
    ASSERT_EQ(recent->size(), listed->size()) << mode;
    for (std::size_t i = 0; i < recent->size(); ++i) {
      EXPECT_EQ((*recent)[i].run_id, (*listed)[i].run.run_id) << mode;
      EXPECT_EQ((*recent)[i].mode, (*listed)[i].run.mode);
      EXPECT_EQ((*recent)[i].started_ms, (*listed)[i].run.started_ms);
    }
  }
  EXPECT_EQ(store->recent_runs(10, "")->front().run_id, "run-4") << "newest first";
}

DQ_ON_EVERY_BACKEND(StoreReads);

}  // namespace
}  // namespace dq::store
