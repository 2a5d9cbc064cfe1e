#include "cli/render/html_sections.hpp"

#include <map>
#include <set>
#include <tuple>

#include "bot/core/utc_text.hpp"
#include "bot/query/pass_rates.hpp"
#include "bot/query/trace_reader.hpp"
#include "cli/render/html_charts.hpp"
#include "cli/render/html_page.hpp"
#include "cli/render/report_facts.hpp"
#include "cli/render/style.hpp"

namespace dq::render::html {
namespace {

std::string duration_text(double us) {
  return format_duration_us(static_cast<std::int64_t>(us));
}

std::string usd_text(double usd) {
  return format_usd(usd);
}

std::string note(std::string_view text) {
  return "<p class=\"note\">" + esc(text) + "</p>\n";
}

std::string scenario_name(const std::string& scenario, int repetition, bool repeated) {
  return repeated ? scenario + " #" + std::to_string(repetition) : scenario;
}

using CellKey = std::tuple<std::string, int, int>;  // scenario, repetition, turn

// The matrix's columns: turns in order, then the debrief (0) and the whole conversation (-1) when checked.
std::vector<int> matrix_columns(const std::vector<query::CheckRow>& checks) {
  std::set<int> turns;
  bool debrief = false, conversation = false;
  for (const auto& c : checks) {
    if (c.turn > 0) turns.insert(c.turn);
    debrief |= c.turn == 0;
    conversation |= c.turn == -1;
  }
  std::vector<int> out(turns.begin(), turns.end());
  if (debrief) out.push_back(0);
  if (conversation) out.push_back(-1);
  return out;
}

struct CellCounts {
  int passed = 0, failed = 0, skipped = 0;
};

std::string matrix_cell(const CellCounts& n, const std::string& anchor, int turn) {
  const std::string what = check_place(turn) + ": " + std::to_string(n.passed) + " passed, " +
                           std::to_string(n.failed) + " failed, " + std::to_string(n.skipped) +
                           " not evaluated";
  if (n.failed > 0)
    return "<td class=\"fail\" title=\"" + esc(what) + "\"><a href=\"#" + anchor + "\">✗ " +
           std::to_string(n.failed) + "</a></td>";
  if (n.passed > 0) return "<td class=\"pass\" title=\"" + esc(what) + "\">✓</td>";
  if (n.skipped > 0) return "<td class=\"skip\" title=\"" + esc(what) + "\">–</td>";
  return "<td class=\"none\"></td>";
}

}  // namespace

std::string run_summary(const query::RunReport& r) {
  const auto& run = r.run;
  const bool ok = run.status == "passed";
  std::vector<std::pair<std::string, std::string>> items{
      {"run", esc(run.run_id)},
      {"mode", esc(run.mode)},
      {"status", ok ? esc(run.status) : "<span class=\"bad\">" + esc(run.status) + "</span>"},
      {"started (UTC)", esc(run.started_ms > 0 ? core::utc_text(run.started_ms, "%Y-%m-%d %H:%M:%S") : "-")},
      {"duration",
       esc(run.ended_ms > run.started_ms ? format_duration_us((run.ended_ms - run.started_ms) * 1000)
                                         : std::string("-"))},
      {"scenarios", std::to_string(run.scenarios)},
      {"passed", std::to_string(run.passed)},
      {"failed", run.failed ? "<span class=\"bad\">" + std::to_string(run.failed) + "</span>" : "0"},
      {"LLM calls", format_count(llm_calls(r))},
      {"tokens in / out", format_count(r.input_tokens) + " / " + format_count(r.output_tokens)},
      {"cost", esc(format_usd(r.cost_usd))}};
  if (const EstimateTotals e = estimate_totals(r); e.any)
    items.push_back({"estimate (error)", esc(format_usd(e.expected_usd) + " (" +
                                             estimate_error(e.expected_usd, r.cost_usd) + ")")});
  if (run.dropped_spans)
    items.push_back(
        {"dropped spans", "<span class=\"bad\">" + std::to_string(run.dropped_spans) + "</span>"});
  std::string out = summary(items);
  if (!run.note.empty()) out += note(run.note);
  return out;
}

std::string step_latency(const query::RunReport& r) {
  if (r.steps.empty()) return section("latency", "Latency by step", note("no spans stored for this run"));
  BarChart chart{"p50, p95 and p99 latency by step", "latency", {"p50", "p95", "p99"}, {}, duration_text};
  std::string rows;
  for (const auto& s : r.steps) {
    chart.groups.push_back(
        {s.name,
         {static_cast<double>(s.p50_us), static_cast<double>(s.p95_us), static_cast<double>(s.p99_us)}});
    rows += tr({esc(s.name), format_count(s.count), format_count(s.errors), esc(format_duration_us(s.p50_us)),
                esc(format_duration_us(s.p95_us)), esc(format_duration_us(s.p99_us)),
                format_count(s.input_tokens) + " / " + format_count(s.output_tokens),
                esc(format_usd(s.cost_usd))});
  }
  return section(
      "latency", "Latency by step",
      bar_chart_svg(chart) +
          table({"step", "spans", "errors", "p50", "p95", "p99", "tokens in / out", "cost"}, rows));
}

std::string waterfalls(const std::vector<query::Waterfall>& slowest) {
  std::string body;
  for (const auto& w : slowest) {
    if (w.lines.empty()) continue;
    const auto& t = w.trace;
    body += "<h3>" + esc(t.scenario.empty() ? std::string("(no scenario)") : t.scenario) + " · " +
            esc(t.pipeline == "turn" ? check_place(t.turn) : t.pipeline) + " · " +
            esc(format_duration_us(t.duration_us)) + " <small>trace " +
            esc(query::short_trace_id(t.trace_id)) + "</small></h3>\n" + waterfall_svg(w) + "\n";
  }
  if (body.empty()) body = note("no traces stored for this run");
  return section("waterfalls", "Slowest trace of each scenario", body);
}

std::string scenario_cost(const query::RunReport& r) {
  const auto costs = scenario_costs(r);
  if (costs.empty()) return section("cost", "Cost per scenario", note("no scenarios in this run"));
  const bool estimated = estimate_totals(r).any;
  BarChart chart{
      estimated ? "estimated and actual cost per scenario" : "actual cost per scenario",
      "cost (USD)",
      estimated ? std::vector<std::string>{"estimate", "actual"} : std::vector<std::string>{"actual"},
      {},
      usd_text};
  std::string rows;
  for (const auto& c : costs) {
    chart.groups.push_back({c.scenario, estimated ? std::vector<double>{c.estimate_usd, c.actual_usd}
                                                  : std::vector<double>{c.actual_usd}});
    rows += tr({esc(c.scenario), esc(c.estimate_usd < 0 ? std::string("-") : format_usd(c.estimate_usd)),
                esc(format_usd(c.actual_usd)), esc(estimate_error(c.estimate_usd, c.actual_usd))});
  }
  return section("cost", "Cost per scenario",
                 (estimated ? std::string() : note("no estimate stored for this run")) +
                     bar_chart_svg(chart) + table({"scenario", "estimate", "actual", "error"}, rows));
}

std::string pass_fail_matrix(const query::RunReport& r) {
  if (r.scenarios.empty())
    return section("matrix", "Pass/fail by scenario and turn", note("no scenarios in this run"));
  std::map<CellKey, CellCounts> counts;
  for (const auto& c : r.checks) {
    auto& n = counts[{c.scenario, c.repetition, c.turn}];
    n.passed += c.status == "pass";
    n.failed += c.status == "fail";
    n.skipped += c.status == "not_evaluated";
  }
  std::map<CellKey, std::string> anchors;
  for (const auto& f : failing_cells(r)) anchors[{f.scenario, f.repetition, f.turn}] = f.anchor;
  const auto columns = matrix_columns(r.checks);
  const bool rep = repeated(r);
  std::vector<std::string> header{"scenario"};
  for (int t : columns) header.push_back(t > 0 ? std::to_string(t) : check_place(t));
  std::string rows;
  for (const auto& s : r.scenarios) {
    const std::string name = esc(scenario_name(s.scenario, s.repetition, rep));
    auto error = anchors.find({s.scenario, s.repetition, -2});
    rows += "<tr>" + (error == anchors.end() ? "<td class=\"name\">" + name + "</td>"
                                             : "<td class=\"name fail\"><a href=\"#" + error->second + "\">" +
                                                   name + "</a></td>");
    for (int t : columns) {
      const CellKey key{s.scenario, s.repetition, t};
      auto n = counts.find(key);
      auto a = anchors.find(key);
      rows +=
          matrix_cell(n == counts.end() ? CellCounts{} : n->second, a == anchors.end() ? "" : a->second, t);
    }
    rows += "</tr>\n";
  }
  return section(
      "matrix", "Pass/fail by scenario and turn",
      note("✓ every check passed · ✗ n checks failed (follow the link for why) · – not evaluated") +
          table(header, rows, "matrix"));
}

std::string failures(const query::RunReport& r) {
  const auto cells = failing_cells(r);
  if (cells.empty()) return section("failures", "Failures", note("no failing checks"));
  const bool rep = repeated(r);
  std::string body;
  for (const auto& c : cells) {
    body += "<div class=\"failure\" id=\"" + c.anchor + "\"><h3>" +
            esc(scenario_name(c.scenario, c.repetition, rep)) + " · " + esc(cell_place(c.turn)) + "</h3>\n";
    for (const auto& check : c.checks)
      body += "<p><strong>" + esc(check.check) + "</strong>: " + esc(check.detail) + "</p>\n";
    body += "</div>\n";
  }
  return section("failures", "Failures", body);
}

std::string judge_reasoning(const query::RunReport& r) {
  const auto judged = judged_checks(r);
  if (judged.empty()) return "";
  const bool rep = repeated(r);
  std::string rows;
  for (const auto& c : judged)
    rows += tr({esc(scenario_name(c.scenario, c.repetition, rep)), esc(cell_place(c.turn)), esc(c.check),
                c.status == "pass" ? "✓" : "<span class=\"bad\">✗</span>", esc(c.detail)});
  return section("judge", "Judge reasoning", table({"scenario", "where", "check", "", "reasoning"}, rows));
}

std::string pass_rates(const query::RunReport& r) {
  if (!repeated(r)) return "";
  const query::PassRates rates = query::pass_rates(r.scenarios, r.checks);
  std::string rows;
  for (const auto& s : rates.scenarios) rows += tr({esc(s.scenario), "", "", esc(query::describe(s))});
  for (const auto& c : rates.checks)
    if (c.passed < c.total)
      rows += tr({esc(c.scenario), esc(cell_place(c.turn)), esc(c.check), esc(query::describe(c))});
  return section("rates", "Pass rates", table({"scenario", "where", "check", "pass rate (95% CI)"}, rows));
}

std::string transcript(const query::RunReport& r) {
  if (r.transcript.empty()) return "";
  std::string body;
  for (std::size_t i = 0; i < r.transcript.size();) {
    const std::string& scenario = r.transcript[i].scenario;
    std::string turns;
    std::size_t n = 0;
    for (; i < r.transcript.size() && r.transcript[i].scenario == scenario; ++i, ++n) {
      const auto& t = r.transcript[i];
      turns += "<h4>" + esc(check_place(t.turn)) + "</h4><p><strong>" +
               (t.simulated ? "trainee (simulated)" : "trainee") + ":</strong></p><pre>" + esc(t.user) +
               "</pre><p><strong>counterpart:</strong></p><pre>" + esc(t.reply) + "</pre>\n";
    }
    body += "<details><summary>" + esc(scenario) + " (" + std::to_string(n) + (n == 1 ? " turn" : " turns") +
            ")</summary>\n" + turns + "</details>\n";
  }
  return section("transcript", "Conversations", body);
}

}  // namespace dq::render::html
