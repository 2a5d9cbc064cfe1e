#include "cli/render/compare_output.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "bot/core/utc_text.hpp"

namespace dq::render {
namespace {

std::string utc(std::int64_t epoch_ms) {
  return core::utc_text(epoch_ms, "%Y-%m-%d %H:%M:%S");
}

std::string duration_of(const query::RunRow& r) {
  return r.ended_ms > 0 ? format_duration_us((r.ended_ms - r.started_ms) * 1000) : std::string("running");
}

std::string place(int turn, int repetition) {
  return check_place(turn) + (repetition > 1 ? " (#" + std::to_string(repetition) + ")" : "");
}

std::string run_line(const char* label, const query::RunRow& r) {
  return std::string(label) + " " + r.run_id + " (" + r.mode + ", " + utc(r.started_ms) + " UTC, " +
         r.status + ")";
}

nlohmann::json run_json(const query::RunRow& r) {
  return {{"run_id", r.run_id},         {"mode", r.mode},         {"status", r.status},
          {"started_ms", r.started_ms}, {"ended_ms", r.ended_ms}, {"scenarios", r.scenarios},
          {"passed", r.passed},         {"failed", r.failed}};
}

}  // namespace

std::string format_delta_value(const query::Delta& d, double v) {
  if (d.unit == "us") return format_duration_us(static_cast<std::int64_t>(v));
  if (d.unit == "usd") return format_usd(v);
  return format_count(static_cast<std::int64_t>(v));
}

std::string format_change_pct(double pct) {
  if (std::isinf(pct)) return "new";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.0f%%", pct);
  return buf;
}

std::string format_limit_pct(double pct) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "+%g%%", pct);
  return buf;
}

bool delta_worth_showing(const query::Delta& d, const query::CompareThresholds& t) {
  const bool step = d.unit == "us" && d.what != "turn p95";
  return !step || d.crossed || std::abs(d.head - d.base) > static_cast<double>(t.latency_floor_us);
}

std::string runs_text(const std::vector<query::RunListRow>& runs, const Style& style) {
  if (runs.empty()) return "no runs yet: `dealquest-test run --dry-run` makes one\n";
  std::string out = style.bold(pad("run", 26) + pad("mode", 9) + pad("started (UTC)", 21) + pad("took", 10) +
                               pad("status", 16) + pad("passed", 8) + pad("failed", 8) + pad("calls", 7) +
                               pad("cost", 10) + "estimate") +
                    "\n";
  for (const auto& row : runs) {
    const query::RunRow& r = row.run;
    out += pad(r.run_id, 26) + pad(r.mode, 9) + pad(utc(r.started_ms), 21) + pad(duration_of(r), 10) +
           pad(r.status, 16) + pad(std::to_string(r.passed), 8) + pad(std::to_string(r.failed), 8) +
           pad(format_count(row.llm_calls), 7) + pad(format_usd(row.cost_usd), 10) +
           (row.expected_usd < 0 ? std::string("—") : format_usd(row.expected_usd)) + "\n";
  }
  return out;
}

std::string runs_json(const std::vector<query::RunListRow>& runs) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : runs) {
    nlohmann::json j = run_json(row.run);
    j["llm_calls"] = row.llm_calls;
    j["cost_usd"] = row.cost_usd;
    j["expected_usd"] = row.expected_usd < 0 ? nlohmann::json(nullptr) : nlohmann::json(row.expected_usd);
    rows.push_back(std::move(j));
  }
  return nlohmann::json{{"runs", rows}}.dump(2) + "\n";
}

std::string compare_text(const query::RunComparison& c, const Style& style) {
  const query::CompareThresholds& t = c.thresholds;
  std::string out = run_line("base", c.base) + "\n" + run_line("head", c.head) + "\n";
  out += "thresholds: turn and step p95 " + format_limit_pct(t.max_latency_increase_pct) + " (and over " +
         format_duration_us(t.latency_floor_us) + "), cost " + format_limit_pct(t.max_cost_increase_pct) +
         (t.fail_on_new_failures ? ", a newly failing check fails"
                                 : ", newly failing checks are reported only") +
         "\n";
  for (const auto& s : c.scenarios) {
    out += "\n" + style.bold(s.scenario) + (s.failed_gate ? "  " + style.red("✗") : "  " + style.green("✓")) +
           "\n";
    for (const auto& f : s.newly_failing)
      out += "  " + style.red("newly failing") + ": " + place(f.turn, f.repetition) + " " + f.check + ": " +
             f.detail + "\n";
    for (const auto& p : s.newly_passing)
      out += "  " + style.green("newly passing") + ": " + place(p.turn, p.repetition) + " " + p.check + "\n";
    for (const auto& d : s.deltas) {
      if (!delta_worth_showing(d, t)) continue;
      std::string line = "  " + pad(d.what, 28) +
                         pad(format_delta_value(d, d.base) + " -> " + format_delta_value(d, d.head), 26) +
                         format_change_pct(d.change_pct());
      if (d.crossed) line = style.red(pad(line, 66) + "over " + format_limit_pct(d.limit_pct));
      out += line + "\n";
    }
  }
  if (!c.only_in_base.empty() || !c.only_in_head.empty()) {
    out += "\nleft out (not in both runs):";
    for (const auto& s : c.only_in_base) out += " " + s + " (base only)";
    for (const auto& s : c.only_in_head) out += " " + s + " (head only)";
    out += "\n";
  }
  out += "\n";
  if (c.gate_failed())
    out += style.red("compare: FAILED") + " (" + std::to_string(c.crossed) + " over a threshold, " +
           std::to_string(c.new_failures) + " newly failing checks; " + std::to_string(c.scenarios.size()) +
           " scenarios compared)\n";
  else
    out += style.green("compare: passed") + " (" + std::to_string(c.scenarios.size()) +
           " scenarios compared, " + std::to_string(c.new_failures) + " newly failing checks)\n";
  return out;
}

std::string compare_json(const query::RunComparison& c) {
  nlohmann::json scenarios = nlohmann::json::array();
  for (const auto& s : c.scenarios) {
    nlohmann::json failing = nlohmann::json::array(), passing = nlohmann::json::array(),
                   deltas = nlohmann::json::array();
    for (const auto& f : s.newly_failing)
      failing.push_back(
          {{"turn", f.turn}, {"repetition", f.repetition}, {"check", f.check}, {"detail", f.detail}});
    for (const auto& p : s.newly_passing)
      passing.push_back({{"turn", p.turn}, {"repetition", p.repetition}, {"check", p.check}});
    for (const auto& d : s.deltas) {
      nlohmann::json j{
          {"what", d.what}, {"unit", d.unit}, {"base", d.base}, {"head", d.head}, {"crossed", d.crossed}};
      j["change_pct"] = std::isinf(d.change_pct()) ? nlohmann::json(nullptr) : nlohmann::json(d.change_pct());
      j["limit_pct"] = d.limit_pct < 0 ? nlohmann::json(nullptr) : nlohmann::json(d.limit_pct);
      deltas.push_back(std::move(j));
    }
    scenarios.push_back({{"scenario", s.scenario},
                         {"failed", s.failed_gate},
                         {"newly_failing", failing},
                         {"newly_passing", passing},
                         {"deltas", deltas}});
  }
  return nlohmann::json{{"base", run_json(c.base)},
                        {"head", run_json(c.head)},
                        {"passed", !c.gate_failed()},
                        {"over_threshold", c.crossed},
                        {"newly_failing", c.new_failures},
                        {"only_in_base", c.only_in_base},
                        {"only_in_head", c.only_in_head},
                        {"thresholds",
                         {{"max_latency_increase_pct", c.thresholds.max_latency_increase_pct},
                          {"max_cost_increase_pct", c.thresholds.max_cost_increase_pct},
                          {"fail_on_new_failures", c.thresholds.fail_on_new_failures},
                          {"latency_floor_us", c.thresholds.latency_floor_us}}},
                        {"scenarios", scenarios}}
             .dump(2) +
         "\n";
}

}  // namespace dq::render
