#include "cli/render/html_charts.hpp"

#include <algorithm>
#include <cstdio>

#include "bot/telegram/telegram_text.hpp"
#include "cli/render/style.hpp"

namespace dq::render {
namespace {

constexpr double kWidth = 760, kLabelWidth = 190, kPlotWidth = 460, kBar = 12, kGap = 2, kGroupGap = 8;
constexpr double kTop = 24, kWaterfallTop = 6, kAxisHeight = 40;  // kTop leaves room for the legend
constexpr std::size_t kLabelChars = 30;

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.ends_with(".0")) s.resize(s.size() - 2);
  return s;
}

std::string esc(std::string_view s) {
  return telegram::escape_html(s);
}

std::string svg_open(double height, const std::string& title) {
  return "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) +
         "\" width=\"" + num(kWidth) + "\" height=\"" + num(height) + "\" aria-label=\"" + esc(title) +
         "\"><title>" + esc(title) + "</title>";
}

std::string text(double x, double y, std::string_view s, const char* cls = nullptr) {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"" +
         (cls ? std::string(" class=\"") + cls + "\"" : "") + ">" + esc(s) + "</text>";
}

// A bar of at least one pixel, so a zero still shows where it is.
std::string bar(double x, double y, double width, const std::string& cls, std::string_view title) {
  return "<rect class=\"" + cls + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" +
         num(std::max(width, 1.0)) + "\" height=\"" + num(kBar) + "\"><title>" + esc(title) +
         "</title></rect>";
}

// The value axis under the plot: a line, ticks at 0, ¼, ½, ¾ and the maximum, and the axis label.
std::string value_axis(double y, double max, const std::function<std::string(double)>& value,
                       const std::string& label) {
  std::string out = "<line class=\"axis\" x1=\"" + num(kLabelWidth) + "\" y1=\"" + num(y) + "\" x2=\"" +
                    num(kLabelWidth + kPlotWidth) + "\" y2=\"" + num(y) + "\"/>";
  for (int i = 0; i <= 4; ++i) {
    const double x = kLabelWidth + kPlotWidth * i / 4;
    out += "<line class=\"axis\" x1=\"" + num(x) + "\" y1=\"" + num(y) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(y + 4) + "\"/>";
    out += text(x, y + 16, value(max * i / 4), "tick");
  }
  return out + text(kLabelWidth + kPlotWidth / 2, y + 34, label, "axis-label");
}

std::string legend(const std::vector<std::string>& series) {
  std::string out;
  double x = kLabelWidth;
  for (std::size_t i = 0; i < series.size(); ++i) {
    out += "<rect class=\"s" + std::to_string(i) + "\" x=\"" + num(x) +
           "\" y=\"4\" width=\"10\" height=\"10\"/>";
    out += text(x + 14, 13, series[i]);
    x += 24 + 7 * static_cast<double>(series[i].size());
  }
  return out;
}

}  // namespace

std::string shorten(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0, cut = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars - 1) cut = i;
    if (++chars > max_chars) return std::string(text.substr(0, cut)) + "…";
  }
  return std::string(text);
}

std::string bar_chart_svg(const BarChart& c) {
  double max = 0;
  for (const auto& g : c.groups)
    for (double v : g.values) max = std::max(max, v);
  const double scale = max > 0 ? kPlotWidth / max : 0;
  const double per_group = static_cast<double>(c.series.size()) * (kBar + kGap) + kGroupGap;
  const double plot_height = per_group * static_cast<double>(c.groups.size());
  std::string out = svg_open(kTop + plot_height + kAxisHeight, c.title) + legend(c.series);
  double y = kTop;
  for (const auto& g : c.groups) {
    out += text(kLabelWidth - 6, y + kBar, shorten(g.label, kLabelChars), "label");
    for (std::size_t i = 0; i < c.series.size() && i < g.values.size(); ++i, y += kBar + kGap) {
      const double v = g.values[i];
      if (v < 0) continue;
      out += bar(kLabelWidth, y, v * scale, "s" + std::to_string(i),
                 g.label + " · " + c.series[i] + ": " + c.value(v));
      out += text(kLabelWidth + std::max(v * scale, 1.0) + 4, y + kBar - 2, c.value(v), "val");
    }
    y += kGroupGap +
         static_cast<double>(c.series.size() - std::min(c.series.size(), g.values.size())) * (kBar + kGap);
  }
  out += "<line class=\"axis\" x1=\"" + num(kLabelWidth) + "\" y1=\"" + num(kTop - 4) + "\" x2=\"" +
         num(kLabelWidth) + "\" y2=\"" + num(kTop + plot_height) + "\"/>";
  return out + value_axis(kTop + plot_height, max, c.value, c.axis_label) + "</svg>";
}

std::string waterfall_svg(const query::Waterfall& w) {
  std::int64_t total = 1;
  for (const auto& l : w.lines) total = std::max(total, l.offset_us + l.span.duration_us);
  const double scale = kPlotWidth / static_cast<double>(total);
  const double height = kWaterfallTop + static_cast<double>(w.lines.size()) * (kBar + kGap) + kAxisHeight;
  std::string out = svg_open(height, "waterfall of trace " + w.trace.trace_id);
  double y = kWaterfallTop;
  for (const auto& l : w.lines) {
    const auto& s = l.span;
    const std::string cls = s.status == "error" ? "err" : "wf" + std::to_string(l.depth % 4);
    std::string title =
        s.name + " · starts +" + format_duration_us(l.offset_us) + " · " + format_duration_us(s.duration_us);
    if (!s.model.empty()) title += " · " + s.model + " · " + format_usd(s.cost_usd);
    if (!s.error.empty()) title += " · " + s.error;
    out += text(4 + 10.0 * std::min(l.depth, 8), y + kBar - 2, shorten(s.name, kLabelChars - 4), "wf-label");
    out += bar(kLabelWidth + static_cast<double>(l.offset_us) * scale, y,
               static_cast<double>(s.duration_us) * scale, cls, title);
    y += kBar + kGap;
  }
  return out +
         value_axis(
             y + 4, static_cast<double>(total),
             [](double us) { return format_duration_us(static_cast<std::int64_t>(us)); },
             "time since the trace started") +
         "</svg>";
}

}  // namespace dq::render
