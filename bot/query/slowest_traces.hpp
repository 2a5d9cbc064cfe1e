#pragma once
// The waterfall of each scenario's slowest trace in a run, as the HTML report draws them. Pure: computed
// from what a TraceReader returns.

#include <string_view>
#include <vector>

#include "bot/core/error.hpp"
#include "bot/query/store_rows.hpp"
#include "bot/query/trace_reader.hpp"
#include "bot/query/trace_views.hpp"

namespace dq::query {

// Per scenario (by name), its longest trace; of equally long ones the first to start.
std::vector<TraceRow> slowest_per_scenario(const std::vector<TraceRow>& traces);

// The waterfall of each of those traces, by scenario. Errors: the reader's.
core::Result<std::vector<Waterfall>> slowest_waterfalls(TraceReader& reader, std::string_view run_id);

}  // namespace dq::query
