#include "bot/query/slowest_traces.hpp"

#include <gtest/gtest.h>

#include "bot/store/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/trace_fixtures.hpp"

namespace dq::query {
namespace {

constexpr std::int64_t kT0 = 1'790'000'000'000;

TraceRow row(std::string scenario, std::int64_t start_ms, std::int64_t duration_us) {
  TraceRow t;
  t.trace_id = scenario + std::to_string(start_ms);
  t.scenario = std::move(scenario);
  t.start_ms = start_ms;
  t.duration_us = duration_us;
  return t;
}

TEST(SlowestTraces, EachScenarioKeepsItsLongestTraceAndTheFirstOfATie) {
  auto picked = slowest_per_scenario(
      {row("b", 1, 50), row("a", 2, 10), row("a", 3, 30), row("b", 4, 50), row("a", 5, 20)});
  ASSERT_EQ(picked.size(), 2u);
  EXPECT_EQ(picked[0].trace_id, "a3");
  EXPECT_EQ(picked[1].trace_id, "b1") << "equally long: the first to start";
  EXPECT_TRUE(slowest_per_scenario({}).empty());
}

TEST(SlowestTraces, TheStoreGivesTheRunsTracesAndTheirSpansAsWaterfalls) {
  testing::TempDir dir;
  auto store = std::move(*store::SqliteStore::open((dir / "t.db").string()));
  testing::write_turn_trace(*store, kT0, 2, false, "used-car", "r1");
  const auto slow = testing::write_turn_trace(*store, kT0 + 100, 5, false, "used-car", "r1").hex();
  testing::write_turn_trace(*store, kT0 + 200, 3, false, "used-car", "r1");
  const auto other = testing::write_turn_trace(*store, kT0 + 300, 1, true, "salary-raise", "r1").hex();
  testing::write_turn_trace(*store, kT0 + 400, 9, false, "used-car", "r2");  // another run

  auto traces = store->run_traces("r1");
  ASSERT_TRUE(traces.has_value()) << traces.error().to_string();
  ASSERT_EQ(traces->size(), 4u);
  EXPECT_EQ(traces->front().start_ms, kT0) << "by start";
  EXPECT_EQ(traces->front().run_id, "r1");

  auto w = slowest_waterfalls(*store, "r1");
  ASSERT_TRUE(w.has_value()) << w.error().to_string();
  ASSERT_EQ(w->size(), 2u);
  EXPECT_EQ((*w)[0].trace.trace_id, other);
  EXPECT_EQ((*w)[0].lines.size(), 2u);
  EXPECT_EQ((*w)[1].trace.trace_id, slow);
  ASSERT_EQ((*w)[1].lines.size(), 6u);
  EXPECT_EQ((*w)[1].lines[0].span.name, "pipeline.turn");
  EXPECT_EQ((*w)[1].lines[1].depth, 1);
  EXPECT_EQ((*w)[1].lines[5].offset_us, 40'000);
  EXPECT_TRUE(slowest_waterfalls(*store, "nope")->empty());
}

}  // namespace
}  // namespace dq::query
