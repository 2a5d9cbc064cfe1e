#include "cli/render/junit_output.hpp"

#include <cstdio>

#include "bot/core/utc_text.hpp"
#include "bot/core/utf8.hpp"
#include "cli/render/style.hpp"

namespace dq::render {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::string seconds(std::int64_t us) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(us < 0 ? 0 : us) / 1e6);
  return buf;
}

std::string usd_value(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

// The schema's ISO8601_DATETIME_PATTERN: no fraction, no zone (UTC here).
std::string timestamp(std::int64_t epoch_ms) {
  return core::utc_text(epoch_ms, "%Y-%m-%dT%H:%M:%S");
}

std::string attr(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + xml_escape(value, true) + "\"";
}

enum class Kind { passed, failed, error, skipped };

bool any_evaluated(const harness::ScenarioOutcome& s) {
  for (const auto& c : s.checks)
    if (c.status != "not_evaluated") return true;
  return false;
}

Kind kind_of(const harness::ScenarioOutcome& s) {
  const auto& st = s.row.status;
  if (st == "passed") return s.checks.empty() || any_evaluated(s) ? Kind::passed : Kind::skipped;
  if (st == "failed") return Kind::failed;
  if (st == "not_run" || st == "skipped") return Kind::skipped;
  return Kind::error;  // error, budget, stopped, interrupted
}

std::string testcase_name(const query::ScenarioRow& row) {
  return row.scenario + (row.repetition > 1 ? " #" + std::to_string(row.repetition) : "");
}

std::string check_line(const query::CheckRow& c) {
  return check_place(c.turn) + " " + c.check + ": " + c.detail;
}

std::string checks_text(const harness::ScenarioOutcome& s, std::string_view status, std::string_view mark) {
  std::string out;
  for (const auto& c : s.checks)
    if (c.status == status) out += std::string(mark) + " " + check_line(c) + "\n";
  return out;
}

std::string failure_element(const harness::ScenarioOutcome& s) {
  const query::CheckRow* first = nullptr;
  int failing = 0;
  for (const auto& c : s.checks) {
    if (c.status != "fail") continue;
    if (!first) first = &c;
    ++failing;
  }
  const std::string message =
      first ? check_line(*first) + (failing > 1 ? " (and " + std::to_string(failing - 1) + " more failing " +
                                                      (failing == 2 ? "check)" : "checks)")
                                                : "")
            : "failed";
  return "      <failure" + attr("message", message) + attr("type", first ? first->check : "failed") + ">" +
         xml_escape(checks_text(s, "fail", "✗") + checks_text(s, "not_evaluated", "·")) + "</failure>\n";
}

std::string error_element(const harness::ScenarioOutcome& s, const harness::RunOutcome& run) {
  const auto& st = s.row.status;
  std::string type = s.error ? s.error->code : st;
  std::string message;
  if (st == "interrupted") {
    message = "interrupted by a signal before it ended, after turn " + std::to_string(s.row.turns);
  } else if (st == "stopped") {
    type = "budget_exceeded";
    message = "stopped by the budget cap after turn " + std::to_string(s.row.turns) +
              (run.stop_reason.empty() ? "" : ": " + run.stop_reason);
  } else {
    message = s.error ? s.error->to_string() : s.row.error.empty() ? st : s.row.error;
  }
  return "      <error" + attr("message", message) + attr("type", type) + ">" +
         xml_escape(message + "\n" + checks_text(s, "fail", "✗") + checks_text(s, "not_evaluated", "·")) +
         "</error>\n";
}

std::string skipped_element(const harness::ScenarioOutcome& s, const harness::RunOutcome& run) {
  std::string message;
  if (s.row.status == "passed") {
    message = "no check was evaluated";
  } else if (s.row.status == "not_run") {
    message = run.budget_stopped ? "not started: the budget cap stopped the run"
              : run.interrupted  ? "not started: the run was interrupted"
                                 : "not started";
  } else {
    message = "skipped";
  }
  return "      <skipped" + attr("message", message) + ">" +
         xml_escape(checks_text(s, "not_evaluated", "·")) + "</skipped>\n";
}

std::string testcase(const harness::ScenarioOutcome& s, const harness::RunOutcome& run) {
  std::string out = "    <testcase" + attr("name", testcase_name(s.row)) + attr("classname", s.row.scenario) +
                    attr("time", seconds(s.row.duration_us));
  std::string child;
  switch (kind_of(s)) {
    case Kind::passed:
      break;
    case Kind::failed:
      child = failure_element(s);
      break;
    case Kind::error:
      child = error_element(s, run);
      break;
    case Kind::skipped:
      child = skipped_element(s, run);
      break;
  }
  if (child.empty()) return out + "/>\n";
  return out + ">\n" + child + "    </testcase>\n";
}

std::string property(std::string_view name, std::string_view value) {
  return "      <property" + attr("name", name) + attr("value", value) + "/>\n";
}

// One line per testcase (status, turns, calls, tokens, cost), with the checks that were not evaluated.
std::string system_out(const harness::RunOutcome& outcome) {
  std::string out;
  if (!outcome.stop_reason.empty()) out += "run stopped early: " + outcome.stop_reason + "\n";
  for (const auto& s : outcome.scenarios) {
    out += testcase_name(s.row) + ": " + s.row.status + ", " + std::to_string(s.row.turns) +
           (s.row.turns == 1 ? " turn, " : " turns, ") + format_duration_us(s.row.duration_us) + ", " +
           std::to_string(s.llm_calls) + " LLM calls, " + std::to_string(s.input_tokens) + " in / " +
           std::to_string(s.output_tokens) + " out tokens, " + format_usd(s.cost_usd) + "\n";
    out += checks_text(s, "not_evaluated", "  ·");
  }
  return out;
}

}  // namespace

std::string xml_escape(std::string_view s, bool attribute) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&apos;";
          break;
        case '\t':
          out += attribute ? "&#9;" : "\t";
          break;
        case '\n':
          out += attribute ? "&#10;" : "\n";
          break;
        case '\r':
          out += "&#13;";
          break;  // a raw CR would be normalised away by every parser
        default:
          if (c < 0x20)
            out += kReplacement;  // XML 1.0 has no way to carry C0 controls, not even as references
          else
            out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const std::size_t n = core::utf8_sequence_length(s, i);
    if (n == 0) {
      out += kReplacement;  // not UTF-8: one replacement per byte that starts no sequence
      ++i;
      continue;
    }
    const std::string_view seq = s.substr(i, n);
    // U+FFFE and U+FFFF are not XML characters either.
    if (seq == "\xEF\xBF\xBE" || seq == "\xEF\xBF\xBF")
      out += kReplacement;
    else
      out += seq;
    i += n;
  }
  return out;
}

std::string junit_xml(const harness::RunOutcome& outcome, const JunitRun& run) {
  int failures = 0, errors = 0, skipped = 0, llm_calls = 0;
  std::int64_t input_tokens = 0, output_tokens = 0;
  double cost = 0.0;
  for (const auto& s : outcome.scenarios) {
    switch (kind_of(s)) {
      case Kind::passed:
        break;
      case Kind::failed:
        ++failures;
        break;
      case Kind::error:
        ++errors;
        break;
      case Kind::skipped:
        ++skipped;
        break;
    }
    llm_calls += s.llm_calls;
    input_tokens += s.input_tokens;
    output_tokens += s.output_tokens;
    cost += s.cost_usd;
  }

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  out += "  <testsuite" + attr("name", "dealquest-test run " + run.run_id) + attr("package", "dealquest") +
         attr("id", "0") + attr("timestamp", timestamp(run.started_ms)) +
         attr("hostname", run.hostname.empty() ? "localhost" : run.hostname) +
         attr("tests", std::to_string(outcome.scenarios.size())) +
         attr("failures", std::to_string(failures)) + attr("errors", std::to_string(errors)) +
         attr("skipped", std::to_string(skipped)) + attr("time", seconds(run.wall_us)) + ">\n";
  out += "    <properties>\n";
  out += property("run_id", run.run_id);
  out += property("mode", run.mode);
  out += property("status", run.status);
  out += property("llm_calls", std::to_string(llm_calls));
  out += property("input_tokens", std::to_string(input_tokens));
  out += property("output_tokens", std::to_string(output_tokens));
  out += property("cost_usd", usd_value(cost));
  if (!outcome.stop_reason.empty()) out += property("stop_reason", outcome.stop_reason);
  for (const auto& s : outcome.scenarios)
    out += property("cost_usd/" + testcase_name(s.row), usd_value(s.cost_usd));
  out += "    </properties>\n";
  for (const auto& s : outcome.scenarios) out += testcase(s, outcome);
  out += "    <system-out>" + xml_escape(system_out(outcome)) + "</system-out>\n";
  out += "    <system-err></system-err>\n";
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace dq::render
