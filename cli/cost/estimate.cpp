#include "cli/cost/estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/cost/confirmation.hpp"

namespace dq::cost {
namespace {

ModelLine& line_for(std::vector<ModelLine>& lines, const PlannedCall& c) {
  for (auto& l : lines)
    if (l.provider == c.provider && l.model == c.model) return l;
  lines.push_back({c.provider, c.model});
  return lines.back();
}

void add(ModelLine& l, const PlannedCall& c, double expected, double worst) {
  ++l.calls;
  l.input_tokens += c.input_tokens;
  l.expected_output_tokens += c.expected_output_tokens;
  l.max_output_tokens += c.max_tokens;
  l.expected_usd += expected;
  l.worst_usd += worst;
}

std::string usd(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.4f", v);
  return buf;
}

std::string pad(std::string s, std::size_t w) {
  if (s.size() < w) s.append(w - s.size(), ' ');
  return s;
}

nlohmann::json model_json(const ModelLine& l) {
  return {{"provider", l.provider}, {"model", l.model}, {"calls", l.calls}, {"input_tokens", l.input_tokens},
          {"expected_output_tokens", l.expected_output_tokens}, {"max_output_tokens", l.max_output_tokens},
          {"expected_usd", l.expected_usd}, {"worst_usd", l.worst_usd}};
}

}  // namespace

Estimate estimate(const std::vector<PlannedCall>& calls, const PriceTable& prices) {
  Estimate e;
  for (const auto& c : calls) {
    double expected = 0, worst = 0;
    if (const ModelPrice* p = prices.find(c.provider, c.model)) {
      expected = cost_usd(*p, {c.input_tokens, c.expected_output_tokens});
      worst = cost_usd(*p, {c.input_tokens, c.max_tokens});
    } else {
      const std::string name = c.provider + "/" + c.model;
      if (std::find(e.unknown_models.begin(), e.unknown_models.end(), name) == e.unknown_models.end())
        e.unknown_models.push_back(name);
    }
    auto it = std::find_if(e.scenarios.begin(), e.scenarios.end(), [&](const auto& s) { return s.scenario == c.scenario; });
    if (it == e.scenarios.end()) {
      e.scenarios.push_back({c.scenario, 0, 0, 0, {}});
      it = std::prev(e.scenarios.end());
    }
    ++it->calls;
    it->expected_usd += expected;
    it->worst_usd += worst;
    add(line_for(it->models, c), c, expected, worst);
    add(line_for(e.models, c), c, expected, worst);
    ++e.calls;
    e.expected_usd += expected;
    e.worst_usd += worst;
  }
  return e;
}

Calibration calibrate(const std::vector<std::pair<TokenCounts, TokenCounts>>& samples) {
  Calibration c;
  double est_in = 0, rec_in = 0, est_out = 0, rec_out = 0;
  for (const auto& [est, rec] : samples) {
    est_in += static_cast<double>(est.input);
    rec_in += static_cast<double>(rec.input);
    est_out += static_cast<double>(est.output);
    rec_out += static_cast<double>(rec.output);
  }
  c.samples = static_cast<int>(samples.size());
  if (est_in > 0 && rec_in > 0) c.input_ratio = rec_in / est_in;
  if (est_out > 0 && rec_out > 0) c.output_ratio = rec_out / est_out;
  return c;
}

PlannedCall apply(const Calibration& c, PlannedCall call) {
  call.input_tokens = static_cast<std::int64_t>(std::llround(static_cast<double>(call.input_tokens) * c.input_ratio));
  call.expected_output_tokens = std::min<std::int64_t>(
      call.max_tokens, std::llround(static_cast<double>(call.expected_output_tokens) * c.output_ratio));
  return call;
}

std::string estimate_text(const Estimate& e) {
  std::string out = "cost estimate (" + std::to_string(e.calls) + " LLM calls)\n";
  out += "  " + pad("scenario / model", 44) + pad("calls", 7) + pad("expected", 12) + "worst case\n";
  for (const auto& s : e.scenarios) {
    out += "  " + pad(s.scenario, 44) + pad(std::to_string(s.calls), 7) + pad(usd(s.expected_usd), 12) + usd(s.worst_usd) + "\n";
    for (const auto& m : s.models)
      out += "    " + pad(m.provider + "/" + m.model, 42) + pad(std::to_string(m.calls), 7) + pad(usd(m.expected_usd), 12) +
             usd(m.worst_usd) + "\n";
  }
  out += "  per model:\n";
  for (const auto& m : e.models)
    out += "    " + pad(m.provider + "/" + m.model, 42) + pad(std::to_string(m.calls), 7) + pad(usd(m.expected_usd), 12) +
           usd(m.worst_usd) + "   (" + std::to_string(m.input_tokens) + " in, " + std::to_string(m.expected_output_tokens) +
           " out expected, " + std::to_string(m.max_output_tokens) + " out at most)\n";
  // The worst case is printed exactly as live mode asks for it to be typed: rounded up to the cent.
  out += "  total: expected " + usd(e.expected_usd) + ", worst case $" + format_confirmation_amount(e.worst_usd) + "\n";
  for (const auto& u : e.unknown_models) out += "  unknown model (no price, counted as $0 here): " + u + "\n";
  return out;
}

std::string estimate_json(const Estimate& e) {
  nlohmann::json j;
  j["calls"] = e.calls;
  j["expected_usd"] = e.expected_usd;
  j["worst_usd"] = e.worst_usd;
  j["unknown_models"] = e.unknown_models;
  auto& scenarios = j["scenarios"] = nlohmann::json::array();
  for (const auto& s : e.scenarios) {
    nlohmann::json models = nlohmann::json::array();
    for (const auto& m : s.models) models.push_back(model_json(m));
    scenarios.push_back({{"scenario", s.scenario}, {"calls", s.calls}, {"expected_usd", s.expected_usd},
                         {"worst_usd", s.worst_usd}, {"models", models}});
  }
  auto& models = j["models"] = nlohmann::json::array();
  for (const auto& m : e.models) models.push_back(model_json(m));
  return j.dump(2) + "\n";
}

}  // namespace dq::cost
