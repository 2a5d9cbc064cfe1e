#include "bot/query/run_compare.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "bot/query/percentiles.hpp"
#include "bot/query/query_errors.hpp"

namespace dq::query {
namespace {

// What one run measured of one scenario.
struct Measures {
  std::vector<std::int64_t> turns;                         // turn latencies, µs
  std::map<std::string, std::vector<std::int64_t>> steps;  // step -> durations, µs
  std::int64_t tokens = 0;
  double cost = 0;
};

std::map<std::string, Measures> measures_of(const RunReport& r) {
  std::map<std::string, Measures> out;
  for (const auto& t : r.turn_latencies) out[t.scenario].turns.push_back(t.duration_us);
  for (const auto& s : r.samples) {
    if (s.scenario.empty()) continue;
    Measures& m = out[s.scenario];
    m.steps[s.name].push_back(s.duration_us);
    if (!s.model.empty()) {
      m.tokens += s.input_tokens + s.output_tokens;
      m.cost += s.cost_usd;
    }
  }
  return out;
}

std::set<std::string> scenario_names(const RunReport& r) {
  std::set<std::string> names;
  for (const auto& s : r.scenarios) names.insert(s.scenario);
  return names;
}

using CheckKey = std::tuple<int, int, std::string>;  // repetition, turn, check

std::map<CheckKey, const CheckRow*> checks_of(const RunReport& r, const std::string& scenario) {
  std::map<CheckKey, const CheckRow*> out;
  for (const auto& c : r.checks)
    if (c.scenario == scenario) out[{c.repetition, c.turn, c.check}] = &c;
  return out;
}

Delta delta(std::string what, std::string unit, double base, double head, double limit_pct, double floor) {
  Delta d{std::move(what), std::move(unit), base, head, limit_pct, false};
  d.crossed = limit_pct >= 0 && head - base > floor && d.change_pct() > limit_pct;
  return d;
}

std::int64_t p95(std::vector<std::int64_t> v) {
  return percentiles(std::move(v)).p95;
}

}  // namespace

double Delta::change_pct() const {
  if (base == 0) return head == 0 ? 0 : std::numeric_limits<double>::infinity();
  return (head - base) / base * 100;
}

RunComparison compare_runs(const RunReport& base, const RunReport& head, const CompareThresholds& t) {
  RunComparison out;
  out.base = base.run;
  out.head = head.run;
  out.thresholds = t;
  const std::set<std::string> in_base = scenario_names(base), in_head = scenario_names(head);
  std::set_difference(in_base.begin(), in_base.end(), in_head.begin(), in_head.end(),
                      std::back_inserter(out.only_in_base));
  std::set_difference(in_head.begin(), in_head.end(), in_base.begin(), in_base.end(),
                      std::back_inserter(out.only_in_head));
  auto base_measures = measures_of(base), head_measures = measures_of(head);
  const double latency_floor = static_cast<double>(t.latency_floor_us);
  for (const std::string& name : in_head) {
    if (!in_base.contains(name)) continue;
    ScenarioComparison sc;
    sc.scenario = name;
    const auto before = checks_of(base, name), after = checks_of(head, name);
    for (const auto& [key, c] : after) {
      auto was = before.find(key);
      const bool failed_before = was != before.end() && was->second->status == "fail";
      if (c->status == "fail" && !failed_before)
        sc.newly_failing.push_back({std::get<0>(key), std::get<1>(key), c->check, c->detail});
      if (c->status == "pass" && failed_before)
        sc.newly_passing.push_back({std::get<0>(key), std::get<1>(key), c->check, was->second->detail});
    }
    const Measures& b = base_measures[name];
    const Measures& h = head_measures[name];
    sc.deltas.push_back(delta("turn p95", "us", static_cast<double>(p95(b.turns)),
                              static_cast<double>(p95(h.turns)), t.max_latency_increase_pct, latency_floor));
    for (const auto& [step, durations] : h.steps) {
      auto was = b.steps.find(step);
      if (was == b.steps.end()) continue;
      sc.deltas.push_back(delta(step + " p95", "us", static_cast<double>(p95(was->second)),
                                static_cast<double>(p95(durations)), t.max_latency_increase_pct,
                                latency_floor));
    }
    sc.deltas.push_back(
        delta("tokens", "tokens", static_cast<double>(b.tokens), static_cast<double>(h.tokens), -1, 0));
    sc.deltas.push_back(delta("cost", "usd", b.cost, h.cost, t.max_cost_increase_pct, t.cost_floor_usd));
    for (const auto& d : sc.deltas) out.crossed += d.crossed ? 1 : 0;
    out.new_failures += static_cast<int>(sc.newly_failing.size());
    sc.failed_gate =
        std::any_of(sc.deltas.begin(), sc.deltas.end(), [](const Delta& d) { return d.crossed; }) ||
        (t.fail_on_new_failures && !sc.newly_failing.empty());
    out.scenarios.push_back(std::move(sc));
  }
  return out;
}

core::Result<RunRow> find_run_by_ref(TraceReader& reader, std::string_view ref) {
  auto exact = reader.find_run(ref);
  if (!exact) return std::unexpected(exact.error());
  if (*exact) return **exact;
  auto all = reader.recent_runs(100'000, "");
  if (!all) return std::unexpected(all.error());
  std::vector<RunRow> matches;
  for (const auto& r : *all)
    if (r.run_id.starts_with(ref)) matches.push_back(r);
  if (matches.size() == 1) return matches.front();
  if (matches.empty())
    return core::fail(errc::unknown_run, std::string(ref),
                      "no run has this id or starts with it; `dealquest-test report --runs` lists them");
  std::string which;
  for (std::size_t i = 0; i < matches.size() && i < 5; ++i) which += (i ? ", " : "") + matches[i].run_id;
  return core::fail(
      errc::ambiguous_run, std::string(ref),
      std::to_string(matches.size()) + " runs start with it (" + which + "); give more of the id");
}

core::Result<std::pair<RunRow, RunRow>> resolve_comparison(TraceReader& reader, std::string_view base_ref,
                                                           std::string_view head_ref) {
  RunRow head;
  if (head_ref.empty()) {
    auto latest = reader.latest_run();
    if (!latest) return std::unexpected(latest.error());
    if (!*latest)
      return core::fail(errc::no_runs, reader.location(),
                        "no run to compare yet; `dealquest-test run` makes one");
    head = **latest;
  } else {
    auto found = find_run_by_ref(reader, head_ref);
    if (!found) return std::unexpected(found.error());
    head = *found;
  }
  if (base_ref != "previous") {
    auto base = find_run_by_ref(reader, base_ref);
    if (!base) return std::unexpected(base.error());
    return std::pair{*base, head};
  }
  auto names = [&](const RunRow& r) -> core::Result<std::set<std::string>> {
    auto rows = reader.scenarios(r.run_id);
    if (!rows) return std::unexpected(rows.error());
    std::set<std::string> out;
    for (const auto& s : *rows) out.insert(s.scenario);
    return out;
  };
  auto head_names = names(head);
  if (!head_names) return std::unexpected(head_names.error());
  auto candidates = reader.recent_runs(1'000, head.mode);
  if (!candidates) return std::unexpected(candidates.error());
  bool past_head = false;
  for (const auto& c : *candidates) {
    if (c.run_id == head.run_id) {
      past_head = true;
      continue;
    }
    if (!past_head || c.status == "running") continue;
    auto theirs = names(c);
    if (!theirs) return std::unexpected(theirs.error());
    if (*theirs == *head_names) return std::pair{c, head};
  }
  return core::fail(errc::unknown_run, "previous",
                    "no earlier " + head.mode + " run of the same " + std::to_string(head_names->size()) +
                        " scenarios as " + head.run_id +
                        "; name a run to compare with (`report --runs` lists them)");
}

}  // namespace dq::query
