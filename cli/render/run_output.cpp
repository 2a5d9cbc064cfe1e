#include "cli/render/run_output.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "bot/query/percentiles.hpp"

namespace dq::render {
namespace {

std::string where(const query::CheckRow& c) {
  return check_place(c.turn);
}

}  // namespace

RunSummary summarize(const harness::RunOutcome& outcome) {
  RunSummary s;
  s.was_interrupted = outcome.interrupted;
  for (const auto& sc : outcome.scenarios) {
    const auto& st = sc.row.status;
    if (st == "passed")
      ++s.passed;
    else if (st == "failed")
      ++s.failed;
    else if (st == "error")
      ++s.errors;
    else if (st == "skipped")
      ++s.skipped;
    else if (st == "interrupted")
      ++s.interrupted;
    else
      ++s.not_run;
    s.llm_calls += sc.llm_calls;
    s.input_tokens += sc.input_tokens;
    s.output_tokens += sc.output_tokens;
    s.cost_usd += sc.cost_usd;
  }
  return s;
}

std::string scenario_lines(const harness::ScenarioOutcome& s, const Style& style) {
  const auto& st = s.row.status;
  std::string tag = st == "passed"                      ? style.green("PASS ")
                    : st == "failed"                    ? style.red("FAIL ")
                    : st == "error"                     ? style.red("ERROR")
                    : st == "skipped"                   ? style.yellow("SKIP ")
                    : st == "interrupted"               ? style.yellow("INTR ")
                    : st == "budget" || st == "stopped" ? style.yellow("STOP ")
                                                        : style.dim("-    ");
  const std::string name =
      s.row.scenario + (s.row.repetition > 1 ? " #" + std::to_string(s.row.repetition) : "");
  std::string out = tag + " " + pad(name, 24) + " " +
                    pad(std::to_string(s.row.turns) + (s.row.turns == 1 ? " turn" : " turns"), 9) + " " +
                    format_duration_us(s.row.duration_us) + "\n";
  if (st == "stopped")
    out +=
        "      " + style.yellow("stopped by the budget cap after turn " + std::to_string(s.row.turns)) + "\n";
  for (const auto& c : s.checks) {
    if (c.status == "fail") {
      out += "      " + style.red("✗") + " " + s.row.scenario + " " + where(c) + " " + style.bold(c.check) +
             ": " + c.detail + "\n";
    } else if (c.status == "not_evaluated") {
      out += "      " + style.dim("· " + where(c) + " " + c.check + ": " + c.detail) + "\n";
    }
  }
  return out;
}

std::string summary_text(const RunSummary& s, const Style& style) {
  const int total = s.passed + s.failed + s.errors + s.skipped + s.interrupted + s.not_run;
  std::string out = "\n";
  out += style.bold(std::to_string(total) + (total == 1 ? " scenario: " : " scenarios: ")) +
         std::to_string(s.passed) + " passed, " + std::to_string(s.failed) + " failed";
  if (s.errors) out += ", " + std::to_string(s.errors) + (s.errors == 1 ? " error" : " errors");
  if (s.skipped) out += ", " + std::to_string(s.skipped) + " skipped";
  if (s.interrupted || s.not_run) out += ", " + std::to_string(s.interrupted + s.not_run) + " not finished";
  out += "\n";
  out += "run " + s.run_id + " (" + s.mode + ") · " + std::to_string(s.llm_calls) + " LLM calls · " +
         format_count(s.input_tokens) + " in / " + format_count(s.output_tokens) + " out tokens · " +
         format_usd(s.cost_usd) + " · " + format_duration_us(s.wall_us) + "\n";
  out += "traces: " + format_count(static_cast<std::int64_t>(s.spans_written)) + " spans in " + s.store;
  out += s.dropped_spans ? " · " + style.red(std::to_string(s.dropped_spans) + " spans dropped (queue full)")
                         : " · 0 dropped";
  out += "\n";
  if (s.was_interrupted)
    out += style.yellow("interrupted: no new work was started; traces were drained") + "\n";
  return out;
}

std::string pass_rates_text(const query::PassRates& rates, const std::optional<double>& min_rate,
                            const Style& style) {
  std::string out =
      "\n" + style.bold("pass rates") +
      (min_rate ? " (at least " + std::to_string(static_cast<int>(*min_rate * 100 + 0.5)) + "% required)"
                : "") +
      "\n";
  for (const auto& r : rates.scenarios) {
    const bool low = min_rate && r.rate() < *min_rate;
    out +=
        "  " + pad(r.scenario, 24) + " " + (low ? style.red(query::describe(r)) : query::describe(r)) + "\n";
    for (const auto& c : rates.checks)
      if (c.scenario == r.scenario && c.passed < c.total)
        out += "      " + pad(check_place(c.turn) + " " + c.check, 30) + " " + query::describe(c) + "\n";
  }
  return out;
}

std::string latency_spread_text(std::vector<std::pair<std::string, std::vector<std::int64_t>>> by_scenario) {
  std::string out = "turn latency\n";
  for (auto& [scenario, values] : by_scenario) {
    if (values.empty()) continue;
    std::sort(values.begin(), values.end());
    const auto p = query::percentiles(values);
    out += "  " + pad(scenario, 24) + " " + std::to_string(values.size()) + " turns: min " +
           format_duration_us(values.front()) + ", p50 " + format_duration_us(p.p50) + ", p95 " +
           format_duration_us(p.p95) + ", max " + format_duration_us(values.back()) + "\n";
  }
  return out;
}

std::string latency_spread_text(const harness::RunOutcome& outcome) {
  std::vector<std::pair<std::string, std::vector<std::int64_t>>> by_scenario;
  for (const auto& s : outcome.scenarios) {
    if (by_scenario.empty() || by_scenario.back().first != s.row.scenario)
      by_scenario.push_back({s.row.scenario, {}});
    auto& all = by_scenario.back().second;
    all.insert(all.end(), s.turn_latency_us.begin(), s.turn_latency_us.end());
  }
  return latency_spread_text(std::move(by_scenario));
}

std::string run_json(const harness::RunOutcome& outcome, const RunSummary& s, const query::PassRates& rates) {
  nlohmann::json j;
  j["run_id"] = s.run_id;
  j["mode"] = s.mode;
  j["store"] = s.store;
  j["interrupted"] = s.was_interrupted;
  auto& list = j["scenarios"] = nlohmann::json::array();
  for (const auto& sc : outcome.scenarios) {
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& c : sc.checks)
      checks.push_back({{"turn", c.turn}, {"check", c.check}, {"status", c.status}, {"detail", c.detail}});
    nlohmann::json transcript = nlohmann::json::array();
    for (const auto& t : sc.transcript)
      transcript.push_back(
          {{"turn", t.turn}, {"simulated", t.simulated}, {"user", t.user}, {"reply", t.reply}});
    list.push_back({{"id", sc.row.scenario},
                    {"repetition", sc.row.repetition},
                    {"file", sc.row.file},
                    {"status", sc.row.status},
                    {"turns", sc.row.turns},
                    {"duration_us", sc.row.duration_us},
                    {"error", sc.row.error},
                    {"llm_calls", sc.llm_calls},
                    {"input_tokens", sc.input_tokens},
                    {"output_tokens", sc.output_tokens},
                    {"cost_usd", sc.cost_usd},
                    {"checks", checks},
                    {"transcript", transcript}});
  }
  auto rate_json = [](const query::PassRate& r) {
    return nlohmann::json{{"scenario", r.scenario}, {"turn", r.turn},   {"check", r.check},
                          {"passed", r.passed},     {"total", r.total}, {"low", r.low},
                          {"high", r.high}};
  };
  auto& scenario_rates = j["pass_rates"]["scenarios"] = nlohmann::json::array();
  for (const auto& r : rates.scenarios) scenario_rates.push_back(rate_json(r));
  auto& check_rates = j["pass_rates"]["checks"] = nlohmann::json::array();
  for (const auto& r : rates.checks) check_rates.push_back(rate_json(r));
  j["summary"] = {{"passed", s.passed},
                  {"failed", s.failed},
                  {"errors", s.errors},
                  {"skipped", s.skipped},
                  {"not_finished", s.interrupted + s.not_run},
                  {"llm_calls", s.llm_calls},
                  {"input_tokens", s.input_tokens},
                  {"output_tokens", s.output_tokens},
                  {"cost_usd", s.cost_usd},
                  {"spans_written", s.spans_written},
                  {"dropped_spans", s.dropped_spans},
                  {"wall_us", s.wall_us}};
  return j.dump(2) + "\n";
}

}  // namespace dq::render
