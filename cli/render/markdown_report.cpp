#include "cli/render/markdown_report.hpp"

#include <vector>

#include "bot/core/utc_text.hpp"
#include "bot/query/pass_rates.hpp"
#include "cli/render/compare_output.hpp"
#include "cli/render/report_facts.hpp"
#include "cli/render/style.hpp"

namespace dq::render {
namespace {

// Cell widths, in characters, chosen so that no row of any table passes kMarkdownLineLimit.
constexpr std::size_t kName = 40, kShort = 24, kReason = 80, kNote = 180;

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// A table row from cells already cut to size.
std::string row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& c : cells) out += " " + c + " |";
  return out + "\n";
}

std::string header(const std::vector<std::string>& names, const std::string& aligns) {
  std::string out = row(names) + "|";
  for (char a : aligns) out += a == 'r' ? "--:|" : "---|";
  return out + "\n";
}

std::string took(const query::RunRow& r) {
  return r.ended_ms > r.started_ms ? format_duration_us((r.ended_ms - r.started_ms) * 1000) : "-";
}

std::string summary_table(const query::RunReport& r) {
  const auto& run = r.run;
  std::string out = header({"run", "mode", "status", "took", "scenarios", "passed", "failed", "LLM calls",
                            "tokens in / out", "cost"},
                           "lllrrrrrrr");
  out += row({markdown_cell(run.run_id, kName), markdown_cell(run.mode, kShort),
              markdown_cell(run.status, kShort), took(run), std::to_string(run.scenarios),
              std::to_string(run.passed), std::to_string(run.failed), format_count(llm_calls(r)),
              format_count(r.input_tokens) + " / " + format_count(r.output_tokens), format_usd(r.cost_usd)});
  if (const EstimateTotals e = estimate_totals(r); e.any) {
    out +=
        "\n" + header({"estimated calls", "estimated cost", "worst case", "actual cost", "error"}, "rrrrr");
    out += row({format_count(e.planned_calls), format_usd(e.expected_usd), format_usd(e.worst_usd),
                format_usd(r.cost_usd), estimate_error(e.expected_usd, r.cost_usd)});
  }
  if (run.dropped_spans) out += "\n> " + std::to_string(run.dropped_spans) + " spans dropped\n";
  if (!run.note.empty()) out += "\n> " + markdown_cell(run.note, kNote) + "\n";
  return out;
}

std::string steps_table(const query::RunReport& r) {
  if (r.steps.empty()) return "";
  std::string out =
      "\n#### Step latency\n\n" + header({"step", "spans", "errors", "p50", "p95", "p99"}, "lrrrrr");
  for (const auto& s : r.steps)
    out += row({markdown_cell(s.name, kName), format_count(s.count), format_count(s.errors),
                format_duration_us(s.p50_us), format_duration_us(s.p95_us), format_duration_us(s.p99_us)});
  return out;
}

std::string failures_table(const query::RunReport& r) {
  const auto cells = failing_cells(r);
  std::size_t n = 0;
  for (const auto& c : cells) n += c.checks.size();
  if (n == 0) return "\n#### Failures\n\nNo failing checks.\n";
  std::string out = "\n#### Failures (" + std::to_string(n) + ")\n\n" +
                    header({"scenario", "#", "where", "check", "reason"}, "lrlll");
  for (const auto& c : cells)
    for (const auto& check : c.checks)
      out += row({markdown_cell(c.scenario, kName), std::to_string(c.repetition), cell_place(c.turn),
                  markdown_cell(check.check, kShort), markdown_cell(check.detail, kReason)});
  return out;
}

std::string judge_table(const query::RunReport& r) {
  const auto judged = judged_checks(r);
  if (judged.empty()) return "";
  std::string out =
      "\n#### Judge reasoning\n\n" + header({"scenario", "#", "where", "check", "", "reasoning"}, "lrllcl");
  for (const auto& c : judged)
    out += row({markdown_cell(c.scenario, kName), std::to_string(c.repetition), cell_place(c.turn),
                markdown_cell(c.check, kShort), c.status == "pass" ? "✓" : "✗",
                markdown_cell(c.detail, kReason)});
  return out;
}

// With repetitions: each scenario's pass rate, then each check that did not always pass.
std::string pass_rates_table(const query::RunReport& r) {
  if (!repeated(r)) return "";
  const query::PassRates rates = query::pass_rates(r.scenarios, r.checks);
  std::string out = "\n#### Pass rates\n\n" + header({"scenario", "where", "check", "pass rate"}, "llll");
  for (const auto& s : rates.scenarios)
    out += row({markdown_cell(s.scenario, kName), "", "", query::describe(s)});
  for (const auto& c : rates.checks)
    if (c.passed < c.total)
      out += row({markdown_cell(c.scenario, kName), cell_place(c.turn), markdown_cell(c.check, kShort),
                  query::describe(c)});
  return out;
}

std::string run_row(const char* label, const query::RunRow& r) {
  return row({label, markdown_cell(r.run_id, kName), markdown_cell(r.mode, kShort),
              markdown_cell(r.status, kShort), core::utc_text(r.started_ms, "%Y-%m-%d %H:%M:%S"), took(r),
              std::to_string(r.scenarios), std::to_string(r.passed), std::to_string(r.failed)});
}

std::string deltas_table(const query::RunComparison& c) {
  std::string out = "\n#### Changes, base → head\n\n" +
                    header({"scenario", "measure", "base", "head", "change", "limit"}, "llrrrr");
  for (const auto& s : c.scenarios)
    for (const auto& d : s.deltas) {
      if (!delta_worth_showing(d, c.thresholds)) continue;
      const std::string limit = d.limit_pct < 0 ? "-" : format_limit_pct(d.limit_pct);
      out += row({markdown_cell(s.scenario, kName), markdown_cell(d.what, kName),
                  format_delta_value(d, d.base), format_delta_value(d, d.head),
                  format_change_pct(d.change_pct()), d.crossed ? "**over " + limit + "**" : limit});
    }
  return out;
}

std::string check_changes(const query::RunComparison& c, bool failing) {
  std::string body;
  std::size_t n = 0;
  for (const auto& s : c.scenarios)
    for (const auto& ch : failing ? s.newly_failing : s.newly_passing) {
      ++n;
      body += row({markdown_cell(s.scenario, kName), std::to_string(ch.repetition), cell_place(ch.turn),
                   markdown_cell(ch.check, kShort), markdown_cell(ch.detail, kReason)});
    }
  const std::string title = failing ? "Newly failing checks" : "Newly passing checks";
  if (n == 0) return "\n#### " + title + "\n\nNone.\n";
  return "\n#### " + title + " (" + std::to_string(n) + ")\n\n" +
         header({"scenario", "#", "where", "check", failing ? "reason" : "reason it failed before"},
                "lrlll") +
         body;
}

std::string left_out(const query::RunComparison& c) {
  if (c.only_in_base.empty() && c.only_in_head.empty()) return "";
  std::string out = "\n#### Left out (not in both runs)\n\n";
  for (const auto& s : c.only_in_base) out += "- " + markdown_cell(s, kNote) + " (base only)\n";
  for (const auto& s : c.only_in_head) out += "- " + markdown_cell(s, kNote) + " (head only)\n";
  return out;
}

}  // namespace

std::string markdown_cell(std::string_view text, std::size_t max_chars) {
  std::vector<std::string> pieces;  // one per character, escaped
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 1;
    while (i + len < text.size() && (static_cast<unsigned char>(text[i + len]) & 0xC0) == 0x80) ++len;
    const std::string_view ch = text.substr(i, len);
    pieces.push_back(ch == "|" ? "\\|" : (ch == "\n" || ch == "\r" || ch == "\t") ? " " : std::string(ch));
    chars += utf8_length(pieces.back());
    i += len;
  }
  std::string out;
  if (chars <= max_chars) {
    for (const auto& p : pieces) out += p;
    return out;
  }
  std::size_t used = 0;
  for (const auto& p : pieces) {
    if (used + utf8_length(p) + 1 > max_chars) break;
    used += utf8_length(p);
    out += p;
  }
  return out + "…";
}

std::string markdown_report(const query::RunReport& report) {
  return "### dealquest-test report: run " + markdown_cell(report.run.run_id, kName) + "\n\n" +
         summary_table(report) + steps_table(report) + failures_table(report) + pass_rates_table(report) +
         judge_table(report);
}

std::string markdown_compare(const query::RunComparison& c) {
  const query::CompareThresholds& t = c.thresholds;
  std::string out = std::string("### dealquest-test report --compare: ") +
                    (c.gate_failed() ? "**failed**" : "**passed**") + "\n\n";
  out += header({"", "run", "mode", "status", "started (UTC)", "took", "scenarios", "passed", "failed"},
                "lllllrrrr");
  out += run_row("base", c.base) + run_row("head", c.head);
  out += "\n" + std::to_string(c.scenarios.size()) + " scenarios compared, " + std::to_string(c.crossed) +
         " over a threshold, " + std::to_string(c.new_failures) +
         " newly failing checks. Thresholds: turn and " + "step p95 " +
         format_limit_pct(t.max_latency_increase_pct) + " (and over " +
         format_duration_us(t.latency_floor_us) + "), cost " + format_limit_pct(t.max_cost_increase_pct) +
         (t.fail_on_new_failures ? ", a newly failing check fails."
                                 : ", newly failing checks are reported only.") +
         "\n";
  return out + deltas_table(c) + check_changes(c, true) + check_changes(c, false) + left_out(c);
}

}  // namespace dq::render
