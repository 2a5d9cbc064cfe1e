#include "bot/query/trace_views.hpp"

#include <gtest/gtest.h>

#include "bot/store/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/trace_fixtures.hpp"

namespace dq::query {
namespace {

constexpr std::int64_t kT0 = 1'790'000'000'000;

struct StoreWith {
  testing::TempDir dir;
  std::unique_ptr<store::SqliteStore> store = std::move(*store::SqliteStore::open((dir / "t.db").string()));
  std::vector<std::string> ids;  // oldest first
  explicit StoreWith(int traces) {
    for (int i = 0; i < traces; ++i)
      ids.push_back(testing::write_turn_trace(*store, kT0 + i * 1000, 5, i % 4 == 3).hex());
  }
};

TEST(TraceViews, PagesGoNewestFirstAndEveryTraceAppearsOnce) {
  StoreWith s(25);
  std::vector<std::string> seen;
  for (int page = 1; page <= 3; ++page) {
    auto p = trace_page(*s.store, page, 10);
    ASSERT_TRUE(p.has_value()) << p.error().to_string();
    EXPECT_EQ(p->pages, 3);
    EXPECT_EQ(p->total, 25);
    EXPECT_EQ(p->rows.size(), page < 3 ? 10u : 5u);
    for (const auto& r : p->rows) seen.push_back(r.trace_id);
  }
  std::vector<std::string> expected(s.ids.rbegin(), s.ids.rend());
  EXPECT_EQ(seen, expected) << "pages in the older half are read from the other end, in the same order";
  EXPECT_EQ(trace_page(*s.store, 99)->page, 3) << "clamped";
  EXPECT_EQ(trace_page(*s.store, -5)->page, 1);
}

TEST(TraceViews, AnEmptyStoreHasOneEmptyPage) {
  StoreWith s(0);
  auto p = trace_page(*s.store, 1);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->pages, 1);
  EXPECT_TRUE(p->rows.empty());
}

TEST(TraceViews, AWaterfallNestsChildrenUnderTheRootInStartOrder) {
  StoreWith s(3);
  auto w = trace_waterfall(*s.store, s.ids[1]);
  ASSERT_TRUE(w.has_value() && w->has_value());
  const auto& lines = (*w)->lines;
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0].span.name, "pipeline.turn");
  EXPECT_EQ(lines[0].depth, 0);
  EXPECT_EQ(lines[1].span.name, "ctx.load");
  EXPECT_EQ(lines[1].depth, 1);
  EXPECT_EQ(lines[5].offset_us, 40'000);
  auto by_prefix = trace_waterfall(*s.store, s.ids[1].substr(0, 31));
  ASSERT_TRUE(by_prefix.has_value() && by_prefix->has_value());
  EXPECT_EQ((*by_prefix)->trace.trace_id, s.ids[1]);
  EXPECT_FALSE(trace_waterfall(*s.store, "ffffffffffffffffffff")->has_value());
  EXPECT_FALSE(trace_waterfall(*s.store, "not hex; DROP TABLE")->has_value());
  auto short_prefix = trace_waterfall(*s.store, "0123");
  ASSERT_FALSE(short_prefix.has_value());
  EXPECT_EQ(short_prefix.error().code, "query.short_trace_id");
}

TEST(TraceViews, OrphansAndCyclesStillRender) {
  TraceRow t;
  t.start_ms = 100;
  std::vector<SpanRow> spans{{"a", "", "root", "ok", "", "", 100, 10},
                             {"b", "zz", "orphan", "ok", "", "", 101, 1},
                             {"c", "d", "loop1", "ok", "", "", 102, 1},
                             {"d", "c", "loop2", "ok", "", "", 103, 1}};
  auto lines = waterfall_lines(t, spans);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0].span.name, "root");
  EXPECT_EQ(lines[1].span.name, "orphan");
}

TEST(TraceViews, OffsetsAreMicrosecondsFromTheRootSpanWhenSpansHaveThem) {
  TraceRow t;
  t.start_ms = 100;
  SpanRow root{"a", "", "root", "ok", "", "", 100, 900};
  root.start_us = 100'250;
  SpanRow child{"b", "a", "llm.counterpart", "ok", "", "", 100, 600};
  child.start_us = 100'290;
  SpanRow old_row{"c", "a", "db.save", "ok", "", "", 101, 5};  // stored before schema 8: ms only
  auto lines = waterfall_lines(t, {old_row, child, root});
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].offset_us, 0);
  EXPECT_EQ(lines[1].span.name, "llm.counterpart");
  EXPECT_EQ(lines[1].offset_us, 40) << "40 µs after the root, within one millisecond";
  EXPECT_EQ(lines[2].offset_us, 101'000 - 100'250);
}

TEST(TraceViews, WindowStatsCountOnlyTracesInTheWindow) {
  StoreWith s(8);  // kT0 .. kT0+7 s; traces 3 and 7 failed
  auto w = window_stats(*s.store, kT0 + 8'000, std::chrono::milliseconds(4'500), "last 4.5 s",
                        {"pipeline.turn", "ctx.load", "llm.counterpart"});
  ASSERT_TRUE(w.has_value()) << w.error().to_string();
  EXPECT_EQ(w->traces, 4);  // traces 4..7
  EXPECT_EQ(w->error_traces, 1);
  EXPECT_DOUBLE_EQ(w->error_rate, 0.25);
  EXPECT_EQ(w->input_tokens, 400);
  EXPECT_NEAR(w->cost_usd, 0.0008, 1e-12);
  ASSERT_GE(w->steps.size(), 3u);
  EXPECT_EQ(w->steps[0].name, "pipeline.turn");
  EXPECT_EQ(w->steps[0].count, 4);
  EXPECT_EQ(w->steps[0].p95_us, 60'000);
}

}  // namespace
}  // namespace dq::query
