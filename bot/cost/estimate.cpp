#include "bot/cost/estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "bot/cost/confirmation.hpp"

namespace dq::cost {
namespace {

ModelLine& line_for(std::vector<ModelLine>& lines, const PlannedCall& call) {
  for (auto& line : lines)
    if (line.provider == call.provider && line.model == call.model) return line;
  ModelLine line;
  line.provider = call.provider;
  line.model = call.model;
  lines.push_back(std::move(line));
  return lines.back();
}

ScenarioEstimate& scenario_for(std::vector<ScenarioEstimate>& scenarios, const std::string& name) {
  for (auto& s : scenarios)
    if (s.scenario == name) return s;
  ScenarioEstimate s;
  s.scenario = name;
  scenarios.push_back(std::move(s));
  return scenarios.back();
}

RoleLine& role_for(std::vector<RoleLine>& roles, const std::string& role) {
  for (auto& r : roles)
    if (r.role == role) return r;
  roles.push_back({role});
  return roles.back();
}

struct CallCost {
  std::int64_t worst_output_tokens = 0;
  double expected_usd = 0, worst_usd = 0;
};

void add(RoleLine& line, const PlannedCall& call, const CallCost& cost) {
  ++line.calls;
  line.input_tokens += call.input_tokens;
  line.expected_output_tokens += call.expected_output_tokens;
  line.expected_usd += cost.expected_usd;
  line.worst_usd += cost.worst_usd;
}

void add(ModelLine& line, const PlannedCall& call, const CallCost& cost) {
  ++line.calls;
  line.input_tokens += call.input_tokens;
  line.expected_output_tokens += call.expected_output_tokens;
  line.max_output_tokens += cost.worst_output_tokens;
  line.expected_usd += cost.expected_usd;
  line.worst_usd += cost.worst_usd;
}

std::string usd(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "$%.4f", v);
  return buf;
}

// Left-aligned in `width` columns, always followed by at least one space.
std::string column(std::string s, std::size_t width) {
  s.append(s.size() < width ? width - s.size() : 1, ' ');
  return s;
}

std::string row(const std::string& indent, const std::string& name, int calls, double expected,
                double worst) {
  return indent + column(name, 46 - indent.size()) + column(std::to_string(calls), 7) +
         column(usd(expected), 12) + usd(worst);
}

// A model line; one without a price says so instead of showing $0.
std::string model_row(const Estimate& e, const ModelLine& m) {
  const std::string name = m.provider + "/" + m.model;
  if (std::find(e.unknown_models.begin(), e.unknown_models.end(), name) != e.unknown_models.end())
    return "    " + column(name, 42) + column(std::to_string(m.calls), 7) + column("no price", 12) +
           "no price";
  return row("    ", name, m.calls, m.expected_usd, m.worst_usd);
}

nlohmann::json model_json(const ModelLine& l) {
  return {{"provider", l.provider},
          {"model", l.model},
          {"calls", l.calls},
          {"input_tokens", l.input_tokens},
          {"expected_output_tokens", l.expected_output_tokens},
          {"max_output_tokens", l.max_output_tokens},
          {"expected_usd", l.expected_usd},
          {"worst_usd", l.worst_usd}};
}

std::int64_t scaled(std::int64_t tokens, double ratio) {
  return static_cast<std::int64_t>(std::llround(static_cast<double>(tokens) * ratio));
}

}  // namespace

Estimate estimate(const std::vector<PlannedCall>& calls, const PriceTable& prices) {
  Estimate e;
  for (const auto& call : calls) {
    CallCost cost;
    cost.worst_output_tokens = std::max(call.max_tokens, call.expected_output_tokens);
    if (const ModelPrice* price = prices.find(call.provider, call.model)) {
      TokenCounts expected;
      expected.input = call.input_tokens;
      expected.output = call.expected_output_tokens;
      cost.expected_usd = cost_usd(*price, expected);
      cost.worst_usd = worst_cost_usd(*price, std::max(call.input_tokens, call.input_token_bound),
                                      cost.worst_output_tokens);
    } else {
      const std::string name = call.provider + "/" + call.model;
      if (std::find(e.unknown_models.begin(), e.unknown_models.end(), name) == e.unknown_models.end())
        e.unknown_models.push_back(name);
    }
    ScenarioEstimate& s = scenario_for(e.scenarios, call.scenario);
    ++s.calls;
    s.expected_usd += cost.expected_usd;
    s.worst_usd += cost.worst_usd;
    add(line_for(s.models, call), call, cost);
    add(line_for(e.models, call), call, cost);
    const std::string role = call.role.empty() ? std::string("counterpart") : call.role;
    add(role_for(s.roles, role), call, cost);
    add(role_for(e.roles, role), call, cost);
    ++e.calls;
    e.expected_usd += cost.expected_usd;
    e.worst_usd += cost.worst_usd;
  }
  return e;
}

Calibration calibrate(const std::vector<std::pair<TokenCounts, TokenCounts>>& samples) {
  auto input = [](const TokenCounts& t) {
    return static_cast<double>(t.input + t.cache_write_5m + t.cache_write_1h + t.cache_read);
  };
  double estimated_in = 0, recorded_in = 0, estimated_out = 0, recorded_out = 0;
  for (const auto& [estimated, recorded] : samples) {
    estimated_in += input(estimated);
    recorded_in += input(recorded);
    estimated_out += static_cast<double>(estimated.output);
    recorded_out += static_cast<double>(recorded.output);
  }
  Calibration c;
  c.samples = static_cast<int>(samples.size());
  // A zero sum on either side says nothing useful; a ratio of 0 would price every call at $0.
  if (estimated_in > 0 && recorded_in > 0) c.input_ratio = recorded_in / estimated_in;
  if (estimated_out > 0 && recorded_out > 0) c.output_ratio = recorded_out / estimated_out;
  return c;
}

PlannedCall apply(const Calibration& c, PlannedCall call) {
  call.input_tokens = scaled(call.input_tokens, c.input_ratio);
  call.expected_output_tokens =
      std::min(call.max_tokens, scaled(call.expected_output_tokens, c.output_ratio));
  return call;
}

std::string estimate_text(const Estimate& e) {
  std::string out = "cost estimate (" + std::to_string(e.calls) + " LLM calls)\n";
  out += column("  scenario / model", 46) + column("calls", 7) + column("expected", 12) + "worst case\n";
  for (const auto& s : e.scenarios) {
    out += row("  ", s.scenario, s.calls, s.expected_usd, s.worst_usd) + "\n";
    for (const auto& m : s.models) out += model_row(e, m) + "\n";
  }
  out += "  per model:\n";
  for (const auto& m : e.models)
    out += model_row(e, m) + "   (" + std::to_string(m.input_tokens) + " in, " +
           std::to_string(m.expected_output_tokens) + " out expected, " +
           std::to_string(m.max_output_tokens) + " out at most)\n";
  out += "  per role:\n";
  for (const auto& r : e.roles) out += row("    ", r.role, r.calls, r.expected_usd, r.worst_usd) + "\n";
  // The worst case is printed exactly as live mode asks for it to be typed: rounded up to the cent.
  out += "  total: expected " + usd(e.expected_usd) + ", worst case $" +
         format_confirmation_amount(e.worst_usd) + "\n";
  for (const auto& u : e.unknown_models)
    out +=
        "  no price for " + u + ": its calls are left out of the totals above (add it with --prices FILE)\n";
  return out;
}

std::string estimate_json(const Estimate& e) {
  nlohmann::json j;
  j["calls"] = e.calls;
  j["expected_usd"] = e.expected_usd;
  j["worst_usd"] = e.worst_usd;
  j["confirm_amount"] = format_confirmation_amount(e.worst_usd);
  j["unknown_models"] = e.unknown_models;
  auto& scenarios = j["scenarios"] = nlohmann::json::array();
  for (const auto& s : e.scenarios) {
    nlohmann::json models = nlohmann::json::array();
    for (const auto& m : s.models) models.push_back(model_json(m));
    scenarios.push_back({{"scenario", s.scenario},
                         {"calls", s.calls},
                         {"expected_usd", s.expected_usd},
                         {"worst_usd", s.worst_usd},
                         {"models", std::move(models)}});
  }
  auto& models = j["models"] = nlohmann::json::array();
  for (const auto& m : e.models) models.push_back(model_json(m));
  auto& roles = j["roles"] = nlohmann::json::array();
  for (const auto& r : e.roles)
    roles.push_back(
        {{"role", r.role}, {"calls", r.calls}, {"expected_usd", r.expected_usd}, {"worst_usd", r.worst_usd}});
  return j.dump(2) + "\n";
}

}  // namespace dq::cost
