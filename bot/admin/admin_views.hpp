#pragma once
// The admin commands' views as Telegram HTML (only <b>, <i>, <code>, <pre>; every stored string escaped):
// a page of traces, one trace's waterfall (one line per span, so it can be split on line boundaries), and
// the 24 h / 7 d stats. Pure.

#include <string>
#include <vector>

#include "bot/query/trace_views.hpp"

namespace dq::admin {

std::string render_trace_page(const query::TracePage& page);
std::string render_waterfall(const query::Waterfall& waterfall);
std::string render_stats(const std::vector<query::WindowStats>& windows);

// "2026-11-22 14:03:05" (UTC) for epoch milliseconds.
std::string utc_time(std::int64_t epoch_ms);

}  // namespace dq::admin
