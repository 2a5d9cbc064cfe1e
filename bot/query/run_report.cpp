#include "bot/query/run_report.hpp"

#include <algorithm>
#include <map>

#include "bot/query/estimate_vs_actual.hpp"
#include "bot/query/percentiles.hpp"
#include "bot/query/query_errors.hpp"

namespace dq::query {
namespace {

std::string store_name(const TraceReader& reader) {
  std::string where = reader.location();
  return where.empty() ? std::string("the trace store") : where;
}

core::Result<RunRow> find(TraceReader& reader, std::string_view run_id) {
  auto run = run_id.empty() ? reader.latest_run() : reader.find_run(run_id);
  if (!run) return std::unexpected(std::move(run.error()));
  if (run->has_value()) return std::move(**run);
  const std::string where = store_name(reader);
  if (run_id.empty())
    return core::fail(errc::no_runs, "",
                      "no runs in " + where + "; run `dealquest-test run --dry-run` first");
  return core::fail(errc::unknown_run, "",
                    "no run '" + std::string(run_id) + "' in " + where +
                        "; check the id, or leave it out to see the latest run");
}

}  // namespace

std::vector<StepStats> step_stats(const std::vector<StepSample>& samples,
                                  const std::vector<std::string>& step_order) {
  struct Acc {
    StepStats stats;
    std::vector<std::int64_t> durations;
  };
  std::map<std::string, Acc, std::less<>> by_name;
  for (const auto& s : samples) {
    Acc& acc = by_name[s.name];
    acc.durations.push_back(s.duration_us);
    acc.stats.errors += s.error ? 1 : 0;
    acc.stats.input_tokens += s.input_tokens;
    acc.stats.output_tokens += s.output_tokens;
    acc.stats.cost_usd += s.cost_usd;
  }

  std::vector<StepStats> steps;
  steps.reserve(by_name.size());
  for (auto& [name, acc] : by_name) {
    acc.stats.name = name;
    acc.stats.count = static_cast<std::int64_t>(acc.durations.size());
    const Percentiles p = percentiles(std::move(acc.durations));
    acc.stats.p50_us = p.p50;
    acc.stats.p95_us = p.p95;
    acc.stats.p99_us = p.p99;
    steps.push_back(std::move(acc.stats));
  }

  // by_name is alphabetical already; a stable sort on the position in step_order keeps that for the rest.
  auto position = [&](const std::string& name) {
    auto it = std::find(step_order.begin(), step_order.end(), name);
    return static_cast<std::size_t>(it - step_order.begin());
  };
  std::stable_sort(steps.begin(), steps.end(), [&](const StepStats& a, const StepStats& b) {
    return position(a.name) < position(b.name);
  });
  return steps;
}

core::Result<RunReport> build_run_report(TraceReader& reader, std::string_view run_id,
                                         const std::vector<std::string>& step_order) {
  RunReport report;
  auto run = find(reader, run_id);
  if (!run) return std::unexpected(std::move(run.error()));
  report.run = std::move(*run);

  auto scenarios = reader.scenarios(report.run.run_id);
  if (!scenarios) return std::unexpected(std::move(scenarios.error()));
  report.scenarios = std::move(*scenarios);

  auto checks = reader.checks(report.run.run_id);
  if (!checks) return std::unexpected(std::move(checks.error()));
  report.checks = std::move(*checks);

  auto transcript = reader.transcript(report.run.run_id);
  if (!transcript) return std::unexpected(std::move(transcript.error()));
  report.transcript = std::move(*transcript);

  auto latencies = reader.turn_latencies(report.run.run_id);
  if (!latencies) return std::unexpected(std::move(latencies.error()));
  report.turn_latencies = std::move(*latencies);

  auto samples = reader.step_samples(report.run.run_id);
  if (!samples) return std::unexpected(std::move(samples.error()));
  for (const auto& s : *samples) {
    // Only LLM spans carry usage; counting by model keeps a root span that ever sums its children's usage
    // from being counted twice.
    if (s.model.empty()) continue;
    report.input_tokens += s.input_tokens;
    report.output_tokens += s.output_tokens;
    report.cost_usd += s.cost_usd;
  }
  auto planned = reader.estimates(report.run.run_id);
  if (!planned) return std::unexpected(std::move(planned.error()));
  report.estimates = estimate_vs_actual(std::move(*planned), *samples);
  report.steps = step_stats(*samples, step_order);
  report.samples = std::move(*samples);
  return report;
}

}  // namespace dq::query
