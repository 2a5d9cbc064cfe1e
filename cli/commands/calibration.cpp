#include "cli/commands/calibration.hpp"

#include <cstdio>

#include "bot/cassette/cassette.hpp"
#include "bot/llm/llm_types.hpp"
#include "cli/harness/call_planner.hpp"

namespace dq::cli {
namespace {

// The request of a recorded interaction, as the estimator sees requests (system + messages).
llm::Request request_of(const nlohmann::json& body) {
  llm::Request r;
  if (body.contains("system") && body["system"].is_string()) r.system = body["system"].get<std::string>();
  if (body.contains("messages") && body["messages"].is_array())
    for (const auto& m : body["messages"])
      if (m.is_object() && m.contains("content") && m["content"].is_string()) {
        if (m.value("role", "") == "system")
          r.system = m["content"].get<std::string>();
        else
          r.messages.push_back({m.value("role", ""), m["content"].get<std::string>()});
      }
  if (body.contains("max_tokens") && body["max_tokens"].is_number_integer())
    r.max_tokens = body["max_tokens"].get<int>();
  return r;
}

}  // namespace

std::string calibration_line(const cost::Calibration& c) {
  if (c.samples == 0)
    return "  not calibrated: no recorded usage for these scenarios (token counts estimated from text)\n";
  char buf[160];
  std::snprintf(buf, sizeof buf, "  calibrated on %d recorded calls: input x%.2f, output x%.2f\n", c.samples,
                c.input_ratio, c.output_ratio);
  return buf;
}

cost::Calibration calibration_from_recordings(const std::vector<scenario::Scenario>& scenarios,
                                              const std::string& cassette_dir) {
  std::vector<std::pair<cost::TokenCounts, cost::TokenCounts>> samples;
  for (const auto& s : scenarios) {
    auto c = cassette::load_cassette(cassette::cassette_path(cassette_dir, s.id));
    if (!c) continue;
    for (const auto& in : c->interactions) {
      if (in.input_tokens <= 0 && in.output_tokens <= 0) continue;
      const llm::Request r = request_of(in.request_body);
      const bool coach = r.system.find("negotiation coach") != std::string::npos;
      const std::int64_t expected =
          coach ? harness::kExpectedCoachTokens : harness::kExpectedCounterpartTokens;
      cost::TokenCounts estimated{llm::estimate_input_tokens(r),
                                  std::min<std::int64_t>(expected, r.max_tokens)};
      samples.push_back({estimated, {in.input_tokens, in.output_tokens}});
    }
  }
  return cost::calibrate(samples);
}

}  // namespace dq::cli
