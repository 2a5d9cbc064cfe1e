#pragma once
// What the admin commands (and `dealquest-test report`) show of traces, computed over a TraceReader: a page
// of the newest traces, one trace's waterfall, and per-window stats (latency percentiles per step, error
// rate, tokens, cost). Pure: no SQL here.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.hpp"
#include "bot/query/run_report.hpp"
#include "bot/query/store_rows.hpp"
#include "bot/query/trace_reader.hpp"

namespace dq::query {

struct TracePage {
  std::vector<TraceRow> rows;
  int page = 1;   // 1-based, clamped into 1..pages
  int pages = 1;  // at least 1, also for an empty store
  std::int64_t total = 0;
};

core::Result<TracePage> trace_page(TraceReader& reader, int page, int per_page = 10);

struct WaterfallLine {
  int depth = 0;
  SpanRow span;
  std::int64_t offset_us = 0;  // from the trace's start
};

struct Waterfall {
  TraceRow trace;
  std::vector<WaterfallLine> lines;  // depth first, children by start; spans whose parent is missing last
};

// nullopt when no trace has that id (or prefix).
core::Result<std::optional<Waterfall>> trace_waterfall(TraceReader& reader, std::string_view id_or_prefix);

// Orders spans depth first (exposed for tests).
std::vector<WaterfallLine> waterfall_lines(const TraceRow& trace, std::vector<SpanRow> spans);

struct WindowStats {
  std::string label;
  std::int64_t traces = 0, error_traces = 0;
  double error_rate = 0;  // error_traces / traces; 0 without traces
  std::vector<StepStats> steps;
  std::int64_t input_tokens = 0, output_tokens = 0;
  double cost_usd = 0;
};

core::Result<WindowStats> window_stats(TraceReader& reader, std::int64_t now_ms,
                                       std::chrono::milliseconds window, std::string label,
                                       const std::vector<std::string>& step_order = {});

}  // namespace dq::query
