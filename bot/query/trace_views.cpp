#include "bot/query/trace_views.hpp"

#include <algorithm>
#include <map>

#include "bot/query/percentiles.hpp"

namespace dq::query {

core::Result<TracePage> trace_page(TraceReader& reader, int page, int per_page) {
  per_page = std::max(1, per_page);
  auto total = reader.trace_count();
  if (!total) return std::unexpected(total.error());
  TracePage p;
  p.total = *total;
  p.pages = static_cast<int>(std::max<std::int64_t>(1, (*total + per_page - 1) / per_page));
  p.page = std::clamp(page, 1, p.pages);
  auto rows = reader.newest_traces(static_cast<std::int64_t>(p.page - 1) * per_page, per_page);
  if (!rows) return std::unexpected(rows.error());
  p.rows = std::move(*rows);
  return p;
}

namespace {

// A span's start in epoch µs: start_us, or start_ms for a row (or a reader) that has none.
std::int64_t start_of(const SpanRow& s) {
  return s.start_us != 0 ? s.start_us : s.start_ms * 1000;
}

}  // namespace

std::vector<WaterfallLine> waterfall_lines(const TraceRow& trace, std::vector<SpanRow> spans) {
  std::stable_sort(spans.begin(), spans.end(),
                   [](const SpanRow& a, const SpanRow& b) { return start_of(a) < start_of(b); });
  // Offsets count from the root span's start (µs), else from the trace row's (ms).
  std::int64_t origin_us = trace.start_ms * 1000;
  for (const auto& s : spans)
    if (s.parent_span_id.empty()) {
      origin_us = start_of(s);
      break;
    }
  std::map<std::string, std::vector<const SpanRow*>> children;
  std::map<std::string, bool> present;
  for (const auto& s : spans) present[s.span_id] = true;
  std::vector<const SpanRow*> roots, orphans;
  for (const auto& s : spans) {
    if (s.parent_span_id.empty())
      roots.push_back(&s);
    else if (present.contains(s.parent_span_id))
      children[s.parent_span_id].push_back(&s);
    else
      orphans.push_back(&s);
  }
  std::vector<WaterfallLine> out;
  out.reserve(spans.size());
  // Iterative depth-first walk: a hostile or corrupt store cannot blow the stack.
  std::vector<std::pair<const SpanRow*, int>> stack;
  auto push_all = [&](const std::vector<const SpanRow*>& list, int depth) {
    for (auto it = list.rbegin(); it != list.rend(); ++it) stack.emplace_back(*it, depth);
  };
  push_all(roots, 0);
  std::map<std::string, bool> seen;
  while (!stack.empty()) {
    auto [span, depth] = stack.back();
    stack.pop_back();
    if (seen[span->span_id]) continue;  // a cycle in parent links
    seen[span->span_id] = true;
    out.push_back({depth, *span, start_of(*span) - origin_us});
    if (auto it = children.find(span->span_id); it != children.end()) push_all(it->second, depth + 1);
  }
  for (const SpanRow* s : orphans)
    if (!seen[s->span_id]) out.push_back({1, *s, start_of(*s) - origin_us});
  return out;
}

core::Result<std::optional<Waterfall>> trace_waterfall(TraceReader& reader, std::string_view id_or_prefix) {
  auto trace = reader.find_trace(id_or_prefix);
  if (!trace) return std::unexpected(trace.error());
  if (!*trace) return std::optional<Waterfall>();
  auto spans = reader.trace_spans((*trace)->trace_id);
  if (!spans) return std::unexpected(spans.error());
  Waterfall w{**trace, waterfall_lines(**trace, std::move(*spans))};
  return std::optional<Waterfall>(std::move(w));
}

core::Result<WindowStats> window_stats(TraceReader& reader, std::int64_t now_ms,
                                       std::chrono::milliseconds window, std::string label,
                                       const std::vector<std::string>& step_order) {
  const std::int64_t since = now_ms - window.count();
  auto counts = reader.trace_counts_since(since);
  if (!counts) return std::unexpected(counts.error());
  auto steps = reader.step_window_since(since);
  if (!steps) return std::unexpected(steps.error());
  WindowStats w;
  w.label = std::move(label);
  w.traces = counts->traces;
  w.error_traces = counts->errors;
  w.error_rate =
      counts->traces > 0 ? static_cast<double>(counts->errors) / static_cast<double>(counts->traces) : 0.0;
  for (auto& step : *steps) {
    StepStats st;
    st.name = std::move(step.name);
    st.errors = step.errors;
    st.input_tokens = step.input_tokens;
    st.output_tokens = step.output_tokens;
    st.cost_usd = step.cost_usd;
    for (const auto& d : step.durations) st.count += d.second;
    const Percentiles p = weighted_percentiles(std::move(step.durations));
    st.p50_us = p.p50;
    st.p95_us = p.p95;
    st.p99_us = p.p99;
    w.input_tokens += st.input_tokens;  // only LLM steps have tokens and cost
    w.output_tokens += st.output_tokens;
    w.cost_usd += st.cost_usd;
    w.steps.push_back(std::move(st));
  }
  // By name, then a stable sort on the position in step_order (as step_stats orders a run's steps).
  auto position = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(step_order.begin(), step_order.end(), name) -
                                    step_order.begin());
  };
  std::sort(w.steps.begin(), w.steps.end(),
            [](const StepStats& a, const StepStats& b) { return a.name < b.name; });
  std::stable_sort(w.steps.begin(), w.steps.end(), [&](const StepStats& a, const StepStats& b) {
    return position(a.name) < position(b.name);
  });
  return w;
}

core::Result<std::vector<StepWindow>> TraceReader::step_window_since(std::int64_t since_ms) {
  auto samples = step_samples_since(since_ms);
  if (!samples) return std::unexpected(samples.error());
  std::map<std::string, StepWindow, std::less<>> by_name;
  for (const StepSample& s : *samples) {
    StepWindow& w = by_name[s.name];
    w.errors += s.error ? 1 : 0;
    w.input_tokens += s.input_tokens;
    w.output_tokens += s.output_tokens;
    w.cost_usd += s.cost_usd;
    w.durations.emplace_back(s.duration_us, 1);
  }
  std::vector<StepWindow> out;
  for (auto& [name, w] : by_name) {
    w.name = name;
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace dq::query
