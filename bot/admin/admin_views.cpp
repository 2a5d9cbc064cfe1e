#include "bot/admin/admin_views.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "bot/core/utc_text.hpp"
#include "bot/telegram/telegram_text.hpp"

namespace dq::admin {
namespace {

using telegram::escape_html;

// "840 µs", "12.3 ms", "4.21 s": what a person reads at a glance.
std::string duration_text(std::int64_t us) {
  char buf[32];
  if (us < 1000)
    std::snprintf(buf, sizeof buf, "%lld µs", static_cast<long long>(us));
  else if (us < 1'000'000)
    std::snprintf(buf, sizeof buf, "%.1f ms", static_cast<double>(us) / 1000.0);
  else
    std::snprintf(buf, sizeof buf, "%.2f s", static_cast<double>(us) / 1e6);
  return buf;
}

std::string padded(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

std::string utc_time(std::int64_t epoch_ms) {
  return core::utc_text(epoch_ms, "%Y-%m-%d %H:%M:%S");
}

std::string render_trace_page(const query::TracePage& page) {
  std::string out = "<b>Traces</b> · page " + std::to_string(page.page) + "/" + std::to_string(page.pages) +
                    " · " + std::to_string(page.total) + " total";
  if (page.rows.empty())
    return out + "\nNo traces yet: talk to the bot, or run <code>dealquest-test run</code>.";
  for (const auto& t : page.rows) {
    out += "\n" + std::string(t.status == "error" ? "✗" : "✓") + " <code>" +
           escape_html(query::short_trace_id(t.trace_id)) + "</code> " + utc_time(t.start_ms) + " " +
           escape_html(t.pipeline);
    if (!t.scenario.empty()) out += " · " + escape_html(t.scenario);
    if (t.turn > 0) out += " #" + std::to_string(t.turn);
    out += " · " + duration_text(t.duration_us);
    if (!t.run_id.empty()) out += " · run " + escape_html(t.run_id);
  }
  return out +
         "\n<i>One trace: /admin trace ID (bot) or dealquest-test report --trace ID, with the 8-digit id "
         "shown</i>";
}

std::string render_waterfall(const query::Waterfall& w) {
  const query::TraceRow& t = w.trace;
  std::string out = "<b>Trace</b> <code>" + escape_html(query::short_trace_id(t.trace_id)) + "</code> (" +
                    escape_html(t.trace_id) + ")\n" + escape_html(t.pipeline);
  if (!t.scenario.empty()) out += " · " + escape_html(t.scenario);
  if (t.turn > 0) out += " turn " + std::to_string(t.turn);
  if (!t.user_id.empty()) out += " · user " + escape_html(t.user_id);
  if (!t.chat_id.empty()) out += " · chat " + escape_html(t.chat_id);
  out += "\n" + utc_time(t.start_ms) + " UTC · " + duration_text(t.duration_us) + " · " +
         (t.status == "error" ? "✗ " + escape_html(t.error) : std::string("✓ ok"));
  const std::int64_t total = std::max<std::int64_t>(1, t.duration_us);
  for (const auto& line : w.lines) {
    const query::SpanRow& s = line.span;
    const auto bar = static_cast<std::size_t>(std::clamp<std::int64_t>(s.duration_us * 20 / total, 1, 20));
    std::string bars;
    for (std::size_t i = 0; i < bar; ++i) bars += "▇";
    out += "\n" + std::string(static_cast<std::size_t>(std::min(line.depth, 8)) * 2, ' ') +
           (s.status == "error" ? "✗ " : "") + "<code>" + escape_html(s.name) + "</code> +" +
           duration_text(line.offset_us) + " " + duration_text(s.duration_us) + " " + bars;
    if (!s.model.empty()) {
      char cost[32];
      std::snprintf(cost, sizeof cost, "$%.4f", s.cost_usd);
      out += " · " + escape_html(s.model) + " " + std::to_string(s.input_tokens) + "→" +
             std::to_string(s.output_tokens) + " tok " + cost;
    }
    if (!s.error.empty()) out += " · <i>" + escape_html(s.error) + "</i>";
  }
  return out;
}

std::string render_stats(const std::vector<query::WindowStats>& windows) {
  std::string out = "<b>Stats</b>";
  for (const auto& w : windows) {
    char head[160];
    std::snprintf(head, sizeof head, "%lld traces · %.1f%% errors · %lld in / %lld out tokens · $%.4f",
                  static_cast<long long>(w.traces), w.error_rate * 100.0,
                  static_cast<long long>(w.input_tokens), static_cast<long long>(w.output_tokens),
                  w.cost_usd);
    out += "\n\n<b>" + escape_html(w.label) + "</b>: " + head;
    if (w.steps.empty()) continue;
    std::string table = padded("step", 18) + padded("count", 8) + padded("p50", 11) + "p95\n";
    for (const auto& s : w.steps)
      table += padded(s.name, 18) + padded(std::to_string(s.count), 8) + padded(duration_text(s.p50_us), 11) +
               duration_text(s.p95_us) + "\n";
    out += "\n<pre>" + escape_html(table) + "</pre>";
  }
  return out;
}

}  // namespace dq::admin
