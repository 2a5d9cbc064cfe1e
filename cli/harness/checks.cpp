#include "cli/harness/checks.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <regex>

#include "cli/harness/json_shape.hpp"

namespace dq::harness {
namespace {

using query::CheckRow;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

struct Checks {
  std::string scenario;
  int turn;
  std::vector<CheckRow> rows;

  void add(std::string check, bool ok, std::string why_not) {
    rows.push_back({scenario, turn, std::move(check), ok ? "pass" : "fail", ok ? "" : std::move(why_not)});
  }
  void not_evaluated(std::string check, std::string why) {
    rows.push_back({scenario, turn, std::move(check), "not_evaluated", std::move(why)});
  }
};

void check_contains(Checks& c, const std::vector<std::string>& wanted, const std::string& text,
                    const char* where) {
  const std::string haystack = lower(text);
  for (const auto& w : wanted) {
    bool ok = haystack.find(lower(w)) != std::string::npos;
    c.add("contains", ok, "expected \"" + w + "\" in the " + where + "; it was: \"" + excerpt(text) + "\"");
  }
}

void check_not_contains(Checks& c, const std::vector<std::string>& banned, const std::string& text) {
  const std::string haystack = lower(text);
  for (const auto& b : banned) {
    auto pos = haystack.find(lower(b));
    c.add("not_contains", pos == std::string::npos,
          "\"" + b + "\" must not appear in the reply; it does: \"" +
              excerpt(text.substr(pos == std::string::npos ? 0 : pos)) + "\"");
  }
}

std::string ms_text(std::int64_t us) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f ms", static_cast<double>(us) / 1000.0);
  return buf;
}

}  // namespace

std::string excerpt(const std::string& text, std::size_t max) {
  std::string out;
  out.reserve(std::min(text.size(), max));
  for (char c : text) {
    if (out.size() >= max) break;
    out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  }
  if (out.size() < text.size()) {
    // Do not cut a UTF-8 sequence in half.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80)) out.pop_back();
    out += "…";
  }
  return out;
}

scenario::TurnExpect expect_for_turn(const scenario::Scenario& s, std::size_t index) {
  const auto& each = s.expect_each_turn;
  if (index >= s.turns.size()) {
    scenario::TurnExpect e = each.value_or(scenario::TurnExpect{});
    if (!each && s.simulated_user) e.where = s.simulated_user->where;
    return e;
  }
  scenario::TurnExpect e = s.turns[index].expect;
  if (!each) return e;
  auto join = [](std::vector<std::string>& to, const std::vector<std::string>& from) {
    to.insert(to.end(), from.begin(), from.end());
  };
  join(e.contains, each->contains);
  join(e.not_contains, each->not_contains);
  join(e.regex, each->regex);
  if (!e.max_latency_ms) e.max_latency_ms = each->max_latency_ms;
  if (!e.max_output_tokens) e.max_output_tokens = each->max_output_tokens;
  if (!e.max_cost_usd) e.max_cost_usd = each->max_cost_usd;
  if (!e.judge) e.judge = each->judge;
  e.faithful = e.faithful && each->faithful;
  e.no_leak = e.no_leak && each->no_leak;
  return e;
}

CheckRow judge_check(const std::string& scenario, int turn, const std::string& check,
                     const scenario::JudgeSpec& spec, const pipeline::JudgeOutcome& outcome) {
  const std::string scale = "/" + std::to_string(spec.scale);
  std::vector<int> scores;
  std::string reasons, bad;
  const std::size_t n = outcome.samples.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& sample = outcome.samples[i];
    const std::string label = n > 1 ? std::to_string(i + 1) + ") " : "";
    if (!sample) {
      bad += (bad.empty() ? "" : "; ") + label + sample.error().to_string();
      continue;
    }
    scores.push_back(sample->score);
    reasons += (reasons.empty() ? "" : " ") + label + sample->reasoning;
  }
  if (!bad.empty() || scores.empty())
    return {scenario, turn, check, "fail", bad.empty() ? "the judge gave no verdict" : bad};
  std::vector<int> sorted = scores;
  std::sort(sorted.begin(), sorted.end());
  const int median = sorted[sorted.size() / 2];  // the upper median for an even count
  const bool ok = median >= spec.threshold;
  std::string detail =
      n > 1 ? "median " + std::to_string(median) + scale + " of " + std::to_string(n) + " samples ("
            : "score " + std::to_string(median) + scale;
  if (n > 1)
    for (std::size_t i = 0; i < scores.size(); ++i) detail += (i ? ", " : "") + std::to_string(scores[i]);
  detail += std::string(n > 1 ? ")" : "") + (ok ? ", at least " : ", below ") +
            std::to_string(spec.threshold) + " (rubric: " + spec.rubric + "): " + reasons;
  return {scenario, turn, check, ok ? "pass" : "fail", detail};
}

CheckRow dry_run_judge_check(const std::string& scenario, int turn, const std::string& check,
                             const scenario::JudgeSpec& spec) {
  if (!spec.mock_verdict)
    return {scenario, turn, check, "not_evaluated",
            "an LLM judge is not evaluated in dry-run mode (give it a mock_verdict to see one)"};
  pipeline::JudgeOutcome mock;
  mock.samples.assign(static_cast<std::size_t>(spec.samples),
                      pipeline::JudgeVerdict{*spec.mock_verdict, "mock_verdict from the scenario file."});
  return judge_check(scenario, turn, check, spec, mock);
}

bool any_failed(const std::vector<CheckRow>& checks) {
  return std::any_of(checks.begin(), checks.end(), [](const CheckRow& r) { return r.status == "fail"; });
}

std::vector<CheckRow> check_turn(const std::string& scenario, int turn, const scenario::TurnExpect& e,
                                 const pipeline::TurnOutcome& o, core::Mode mode) {
  Checks c{scenario, turn, {}};
  check_contains(c, e.contains, o.reply, "reply");
  check_not_contains(c, e.not_contains, o.reply);
  for (const auto& pattern : e.regex) {
    // Patterns were compiled once by the validator; a bad one never gets here.
    bool ok = std::regex_search(o.reply, std::regex(pattern, std::regex::ECMAScript));
    c.add("regex", ok, "/" + pattern + "/ does not match the reply: \"" + excerpt(o.reply) + "\"");
  }
  if (e.max_latency_ms) {
    c.add("max_latency_ms", o.latency_us <= *e.max_latency_ms * 1000,
          "the turn took " + ms_text(o.latency_us) + ", over the ceiling of " +
              std::to_string(*e.max_latency_ms) + " ms");
  }
  if (e.max_output_tokens) {
    c.add("max_output_tokens", o.usage.output_tokens <= *e.max_output_tokens,
          "the reply used " + std::to_string(o.usage.output_tokens) + " output tokens, over " +
              std::to_string(*e.max_output_tokens));
  }
  if (e.max_cost_usd) {
    if (mode == core::Mode::dry_run) {
      c.not_evaluated("max_cost_usd", "not evaluated in dry-run: mocked calls cost $0");
    } else {
      c.add("max_cost_usd", o.cost_usd <= *e.max_cost_usd,
            "the turn cost $" + std::to_string(o.cost_usd) + ", over $" + std::to_string(*e.max_cost_usd));
    }
  }
  if (e.faithful) c.add("faithful", o.faithfulness.ok(), o.faithfulness.describe());
  if (e.no_leak) c.add("no_leak", o.leaks.ok(), o.leaks.describe());
  return c.rows;
}

std::vector<CheckRow> check_debrief(const std::string& scenario, const scenario::DebriefExpect& e,
                                    const pipeline::DebriefOutcome& o) {
  Checks c{scenario, 0, {}};
  if (!e.json_shape.empty()) {
    if (o.score_json.empty()) {
      c.add("json_shape", false, o.parse_error.empty() ? "the coach gave no JSON" : o.parse_error);
    } else {
      auto problems = check_json_shape(o.score_json, e.json_shape);
      std::string why;
      for (const auto& p : problems) why += (why.empty() ? "" : "; ") + p;
      c.add("json_shape", problems.empty(), why);
    }
  }
  auto doc = nlohmann::json::parse(o.score_json.empty() ? std::string("null") : o.score_json, nullptr, false);
  if (e.min_score || e.max_score) {
    const bool has_score = doc.is_object() && doc.contains("score") && doc["score"].is_number();
    const double score = has_score ? doc["score"].get<double>() : 0.0;
    if (e.min_score)
      c.add("min_score", has_score && score >= *e.min_score,
            has_score ? "score " + std::to_string(static_cast<int>(score)) + " is below " +
                            std::to_string(static_cast<int>(*e.min_score))
                      : "the coach's JSON has no numeric 'score'");
    if (e.max_score)
      c.add("max_score", has_score && score <= *e.max_score,
            has_score ? "score " + std::to_string(static_cast<int>(score)) + " is above " +
                            std::to_string(static_cast<int>(*e.max_score))
                      : "the coach's JSON has no numeric 'score'");
  }
  if (!e.contains.empty()) {
    const bool has_advice = doc.is_object() && doc.contains("advice") && doc["advice"].is_string();
    check_contains(c, e.contains, has_advice ? doc["advice"].get<std::string>() : o.answer, "coach's advice");
  }
  if (e.max_latency_ms) {
    c.add("max_latency_ms", o.latency_us <= *e.max_latency_ms * 1000,
          "the debrief took " + ms_text(o.latency_us) + ", over the ceiling of " +
              std::to_string(*e.max_latency_ms) + " ms");
  }
  return c.rows;
}

}  // namespace dq::harness
