#include "bot/query/slowest_traces.hpp"

#include <map>
#include <string>

namespace dq::query {

std::vector<TraceRow> slowest_per_scenario(const std::vector<TraceRow>& traces) {
  std::map<std::string, const TraceRow*> slowest;
  for (const auto& t : traces) {
    auto [it, inserted] = slowest.try_emplace(t.scenario, &t);
    if (inserted) continue;
    const TraceRow& best = *it->second;
    if (t.duration_us > best.duration_us || (t.duration_us == best.duration_us && t.start_ms < best.start_ms))
      it->second = &t;
  }
  std::vector<TraceRow> out;
  out.reserve(slowest.size());
  for (const auto& [_, t] : slowest) out.push_back(*t);
  return out;
}

core::Result<std::vector<Waterfall>> slowest_waterfalls(TraceReader& reader, std::string_view run_id) {
  auto traces = reader.run_traces(run_id);
  if (!traces) return std::unexpected(traces.error());
  std::vector<Waterfall> out;
  for (auto& trace : slowest_per_scenario(*traces)) {
    auto spans = reader.trace_spans(trace.trace_id);
    if (!spans) return std::unexpected(spans.error());
    auto lines = waterfall_lines(trace, std::move(*spans));
    out.push_back({std::move(trace), std::move(lines)});
  }
  return out;
}

}  // namespace dq::query
