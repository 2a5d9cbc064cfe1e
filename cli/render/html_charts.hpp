#pragma once
// Inline SVG charts for the HTML report: no script, no external resource. Every mark (a <rect> of at least
// one pixel) carries a <title>, which browsers show on hover; text is drawn in currentColor and bars take
// their colours from CSS classes (s0, s1, s2; wf0..wf3, err), so the page's stylesheet decides both, dark
// mode included.

#include <functional>
#include <string>
#include <vector>

#include "bot/query/trace_views.hpp"

namespace dq::render {

struct BarGroup {
  std::string label;
  std::vector<double> values;  // one per series; < 0: no bar (no value)
};

struct BarChart {
  std::string title;                         // the chart's accessible name
  std::string axis_label;                    // under the value axis, e.g. "latency"
  std::vector<std::string> series;           // legend names; series i is drawn with class "s<i>"
  std::vector<BarGroup> groups;              // one row of bars each, top to bottom
  std::function<std::string(double)> value;  // a value as text, for labels, ticks and titles
};

// Grouped horizontal bars: one group per row, one bar per series, with a legend, a value axis with ticks,
// and each bar's value at its end.
std::string bar_chart_svg(const BarChart& chart);

// One trace's spans as bars offset by their start, one per row, depth first, labels indented by depth.
std::string waterfall_svg(const query::Waterfall& waterfall);

// `text` cut to `max_chars` UTF-8 characters with "…" (not escaped).
std::string shorten(std::string_view text, std::size_t max_chars);

}  // namespace dq::render
