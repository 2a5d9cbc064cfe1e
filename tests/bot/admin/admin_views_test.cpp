#include "bot/admin/admin_views.hpp"

#include <gtest/gtest.h>

#include "bot/telegram/telegram_text.hpp"

namespace dq::admin {
namespace {

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

query::TraceRow hostile_trace() {
  query::TraceRow t;
  t.trace_id = "0123456789abcdef0123456789abcdef";
  t.pipeline = "turn";
  t.scenario = "<b>x</b>&";
  t.turn = 2;
  t.user_id = "111";
  t.chat_id = "111";
  t.start_ms = 1'790'000'000'000;
  t.duration_us = 2'000'000;
  t.status = "error";
  t.error = "llm.http: <html>502</html>";
  return t;
}

TEST(AdminViews, APageEscapesWhatTheStoreHolds) {
  query::TracePage page{{hostile_trace()}, 2, 5, 41};
  const std::string html = render_trace_page(page);
  EXPECT_TRUE(contains(html, "page 2/5 · 41 total")) << html;
  EXPECT_TRUE(contains(html, "&lt;b&gt;x&lt;/b&gt;&amp;")) << html;
  EXPECT_FALSE(contains(html, "<b>x</b>"));
  EXPECT_TRUE(contains(html, "✗")) << "a failed trace is marked";
  EXPECT_TRUE(contains(html, "2026-09-21 14:13:20")) << html;
  EXPECT_TRUE(contains(render_trace_page({{}, 1, 1, 0}), "No traces yet"));
}

TEST(AdminViews, AWaterfallHasOneLinePerSpanWithBarsAndErrors) {
  query::Waterfall w;
  w.trace = hostile_trace();
  query::SpanRow root{"a", "", "pipeline.turn", "error", "", "", w.trace.start_ms, 2'000'000};
  query::SpanRow llm{"b",
                     "a",
                     "llm.counterpart",
                     "error",
                     "llm.http: <html>",
                     "model <&>",
                     w.trace.start_ms + 5,
                     1'500'000,
                     120,
                     30,
                     0.0123};
  w.lines = {{0, root, 0}, {1, llm, 5'000}};
  const std::string html = render_waterfall(w);
  const auto lines = std::count(html.begin(), html.end(), '\n');
  EXPECT_EQ(lines, 4) << html;  // 3 header lines + 2 spans
  EXPECT_TRUE(contains(html, "▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇")) << "1.5 s of 2 s is 15 of 20 bar cells: " << html;
  EXPECT_TRUE(contains(html, "model &lt;&amp;&gt; 120→30 tok $0.0123")) << html;
  EXPECT_TRUE(contains(html, "llm.http: &lt;html&gt;")) << html;
  EXPECT_TRUE(contains(html, "+5.0 ms 1.50 s")) << html;
  EXPECT_LT(telegram::visible_length(html), telegram::kMessageLimit);
}

TEST(AdminViews, StatsShowEveryWindowAndStep) {
  query::WindowStats day;
  day.label = "last 24 h";
  day.traces = 200;
  day.error_traces = 3;
  day.error_rate = 0.015;
  day.input_tokens = 12000;
  day.output_tokens = 3400;
  day.cost_usd = 0.4321;
  query::StepStats turn;
  turn.name = "pipeline.turn";
  turn.count = 200;
  turn.p50_us = 850'000;
  turn.p95_us = 2'400'000;
  day.steps = {turn};
  query::WindowStats week = day;
  week.label = "last 7 d";
  const std::string html = render_stats({day, week});
  EXPECT_TRUE(
      contains(html, "<b>last 24 h</b>: 200 traces · 1.5% errors · 12000 in / 3400 out tokens · $0.4321"))
      << html;
  EXPECT_TRUE(contains(html, "<b>last 7 d</b>")) << html;
  EXPECT_TRUE(contains(html, "pipeline.turn     200     850.0 ms   2.40 s")) << html;
}

}  // namespace
}  // namespace dq::admin
