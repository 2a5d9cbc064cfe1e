#include "cli/render/estimate_output.hpp"

#include <cstdio>

namespace dq::render {
namespace {

std::string percent(double pct) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f%%", pct);
  return buf;
}

std::string row_text(const std::string& indent, const std::string& name, const query::EstimateRow& r) {
  return indent + pad(name, 30 - indent.size()) +
         pad(std::to_string(r.planned_calls) + " → " + std::to_string(r.calls), 14) +
         pad(format_usd(r.expected_usd) + " → " + format_usd(r.cost_usd), 22) +
         error_pct_text(r.expected_usd, r.cost_usd) + "\n";
}

}  // namespace

std::string error_pct_text(double expected_usd, double actual_usd) {
  const auto pct = query::estimate_error_pct(expected_usd, actual_usd);
  if (!pct) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.0f%%", *pct);
  return buf;
}

std::string estimates_text(const std::vector<query::EstimateRow>& rows, const Style& style) {
  if (rows.empty()) return {};
  std::string out = "\n" + style.bold("estimate vs actual") + "\n";
  out += style.dim("  " + pad("scenario / role", 28) + pad("calls", 14) + pad("expected → actual", 22) +
                   "error") +
         "\n";
  const std::string* scenario = nullptr;
  for (const auto& r : rows) {
    if (!scenario || *scenario != r.scenario) {
      scenario = &r.scenario;
      out += "  " + r.scenario + "\n";
    }
    out += row_text("    ", r.role, r);
  }
  out += row_text("  ", "total", query::estimate_total(rows));
  return out;
}

std::string estimate_accuracy_text(const std::optional<query::EstimateAccuracy>& a) {
  if (!a) return {};
  if (a->runs == 1)
    return "the last " + a->mode + " run with an estimate: actual cost was " + percent(a->median_pct) +
           " of expected\n";
  return "last " + std::to_string(a->runs) + " " + a->mode + " runs with an estimate: actual cost was " +
         percent(a->min_pct) + "–" + percent(a->max_pct) + " of expected (median " + percent(a->median_pct) +
         ")\n";
}

}  // namespace dq::render
