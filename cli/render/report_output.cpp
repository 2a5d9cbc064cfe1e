#include "cli/render/report_output.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "bot/core/utc_text.hpp"
#include "bot/query/pass_rates.hpp"
#include "cli/render/estimate_output.hpp"
#include "cli/render/run_output.hpp"

namespace dq::render {
namespace {

std::string rpad(std::string s, std::size_t width) {
  if (s.size() < width) s.insert(0, width - s.size(), ' ');
  return s;
}

std::string time_of(std::int64_t epoch_ms) {
  if (epoch_ms <= 0) return "-";
  return core::utc_text(epoch_ms, "%Y-%m-%d %H:%M:%S UTC");
}

// Planned and actual side by side; error_pct is null when nothing was expected.
nlohmann::json estimates_json(const std::vector<query::EstimateRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : rows) {
    const auto pct = query::estimate_error_pct(e.expected_usd, e.cost_usd);
    out.push_back({{"scenario", e.scenario},
                   {"role", e.role},
                   {"planned_calls", e.planned_calls},
                   {"planned_input_tokens", e.planned_input_tokens},
                   {"planned_output_tokens", e.planned_output_tokens},
                   {"expected_usd", e.expected_usd},
                   {"worst_usd", e.worst_usd},
                   {"calls", e.calls},
                   {"input_tokens", e.input_tokens},
                   {"output_tokens", e.output_tokens},
                   {"cost_usd", e.cost_usd},
                   {"error_pct", pct ? nlohmann::json(*pct) : nlohmann::json(nullptr)}});
  }
  return out;
}

}  // namespace

std::string report_text(const query::RunReport& r, const Style& style) {
  std::string out;
  const auto& run = r.run;
  out += style.bold("run " + run.run_id) + "  " + run.mode + "  " + run.status + "  started " +
         time_of(run.started_ms);
  if (run.ended_ms > run.started_ms)
    out += "  took " + format_duration_us((run.ended_ms - run.started_ms) * 1000);
  out += "\n";
  out += std::to_string(run.scenarios) + (run.scenarios == 1 ? " scenario: " : " scenarios: ") +
         std::to_string(run.passed) + " passed, " + std::to_string(run.failed) + " failed";
  if (run.dropped_spans) out += " · " + style.red(std::to_string(run.dropped_spans) + " spans dropped");
  if (!run.note.empty()) out += " · " + run.note;
  out += "\n\n";

  // Per scenario, per turn: pass/fail, with the failing checks and why.
  std::map<std::pair<std::string, int>, std::map<int, std::vector<const query::CheckRow*>>> by_turn;
  for (const auto& c : r.checks) by_turn[{c.scenario, c.repetition}][c.turn].push_back(&c);
  const bool repeated =
      std::any_of(r.scenarios.begin(), r.scenarios.end(), [](const auto& s) { return s.repetition > 1; });
  out += style.bold("scenarios") + "\n";
  for (const auto& s : r.scenarios) {
    const bool ok = s.status == "passed";
    out += "  " + (ok ? style.green(pad(s.status, 11)) : style.red(pad(s.status, 11))) + " " +
           pad(s.scenario + (repeated ? " #" + std::to_string(s.repetition) : ""), 24) + " " +
           format_duration_us(s.duration_us) + "\n";
    if (!s.error.empty()) out += "      " + style.red(s.error) + "\n";
    auto& turns = by_turn[{s.scenario, s.repetition}];
    // Turns in order, then the debrief (0), then the conversation (-1).
    std::vector<int> order;
    for (const auto& [t, _] : turns)
      if (t > 0) order.push_back(t);
    if (turns.count(0)) order.push_back(0);
    if (turns.count(-1)) order.push_back(-1);
    for (int t : order) {
      int passed = 0, failed = 0, skipped = 0;
      for (const auto* c : turns[t]) {
        passed += c->status == "pass";
        failed += c->status == "fail";
        skipped += c->status == "not_evaluated";
      }
      out += "      " + pad(check_place(t), 8) + " " + (failed ? style.red("fail") : style.green("pass")) +
             "  " + std::to_string(passed) + " passed";
      if (failed) out += ", " + std::to_string(failed) + " failed";
      if (skipped) out += ", " + std::to_string(skipped) + " not evaluated";
      out += "\n";
      for (const auto& line : r.transcript) {
        if (line.scenario != s.scenario || line.turn != t || s.repetition != 1) continue;
        out += "          " + style.dim(line.simulated ? "trainee (simulated): " : "trainee: ") + line.user +
               "\n";
        out += "          " + style.dim("counterpart: ") + line.reply + "\n";
      }
      for (const auto* c : turns[t]) {
        if (c->status == "fail") out += "          " + style.red("✗ " + c->check) + ": " + c->detail + "\n";
        // A judge's reasoning is worth reading when it passed too.
        if (c->status == "pass" && !c->detail.empty())
          out += "          " + style.dim("✓ " + c->check + ": " + c->detail) + "\n";
        if (c->status == "not_evaluated")
          out += "          " + style.dim("· " + c->check + ": " + c->detail) + "\n";
      }
    }
  }

  if (repeated) {
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> by_scenario;
    for (const auto& t : r.turn_latencies) {
      if (by_scenario.empty() || by_scenario.back().first != t.scenario)
        by_scenario.push_back({t.scenario, {}});
      by_scenario.back().second.push_back(t.duration_us);
    }
    out += pass_rates_text(query::pass_rates(r.scenarios, r.checks), std::nullopt, style) +
           latency_spread_text(std::move(by_scenario));
  }

  out += "\n" + style.bold("steps") + "\n";
  out += "  " + pad("step", 20) + rpad("count", 7) + rpad("p50", 11) + rpad("p95", 11) + rpad("p99", 11) +
         rpad("errors", 8) + rpad("tokens in", 11) + rpad("out", 9) + rpad("cost", 10) + "\n";
  for (const auto& st : r.steps) {
    out += "  " + pad(st.name, 20) + rpad(format_count(st.count), 7) +
           rpad(format_duration_us(st.p50_us), 11) + rpad(format_duration_us(st.p95_us), 11) +
           rpad(format_duration_us(st.p99_us), 11) +
           rpad(st.errors ? style.red(std::to_string(st.errors)) : "0", st.errors && style.color ? 17 : 8) +
           rpad(st.input_tokens ? format_count(st.input_tokens) : "-", 11) +
           rpad(st.output_tokens ? format_count(st.output_tokens) : "-", 9) +
           rpad(st.input_tokens || st.output_tokens ? format_usd(st.cost_usd) : "-", 10) + "\n";
  }
  out += "\ntotal: " + format_count(r.input_tokens) + " input tokens, " + format_count(r.output_tokens) +
         " output tokens, " + format_usd(r.cost_usd) + "\n";
  out += estimates_text(r.estimates, style);
  return out;
}

std::string report_json(const query::RunReport& r) {
  nlohmann::json j;
  const auto& run = r.run;
  j["run"] = {{"run_id", run.run_id},
              {"mode", run.mode},
              {"status", run.status},
              {"started_ms", run.started_ms},
              {"ended_ms", run.ended_ms},
              {"scenarios", run.scenarios},
              {"passed", run.passed},
              {"failed", run.failed},
              {"dropped_spans", run.dropped_spans},
              {"note", run.note}};
  auto& scenarios = j["scenarios"] = nlohmann::json::array();
  for (const auto& s : r.scenarios) {
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& c : r.checks)
      if (c.scenario == s.scenario && c.repetition == s.repetition)
        checks.push_back({{"turn", c.turn}, {"check", c.check}, {"status", c.status}, {"detail", c.detail}});
    nlohmann::json transcript = nlohmann::json::array();
    for (const auto& t : r.transcript)
      if (t.scenario == s.scenario && s.repetition == 1)
        transcript.push_back(
            {{"turn", t.turn}, {"simulated", t.simulated}, {"user", t.user}, {"reply", t.reply}});
    scenarios.push_back({{"scenario", s.scenario},
                         {"file", s.file},
                         {"status", s.status},
                         {"turns", s.turns},
                         {"duration_us", s.duration_us},
                         {"error", s.error},
                         {"repetition", s.repetition},
                         {"checks", checks},
                         {"transcript", transcript}});
  }
  auto& steps = j["steps"] = nlohmann::json::array();
  for (const auto& st : r.steps)
    steps.push_back({{"name", st.name},
                     {"count", st.count},
                     {"errors", st.errors},
                     {"p50_us", st.p50_us},
                     {"p95_us", st.p95_us},
                     {"p99_us", st.p99_us},
                     {"input_tokens", st.input_tokens},
                     {"output_tokens", st.output_tokens},
                     {"cost_usd", st.cost_usd}});
  j["estimates"] = estimates_json(r.estimates);
  j["totals"] = {
      {"input_tokens", r.input_tokens}, {"output_tokens", r.output_tokens}, {"cost_usd", r.cost_usd}};
  return j.dump(2) + "\n";
}

}  // namespace dq::render
