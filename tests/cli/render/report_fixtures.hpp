#pragma once
// Run reports for the Markdown and HTML renderers' tests: `scenarios` scenarios of three turns and a
// debrief each, every third one failing turn 2 with `reason`, spans with models and costs per scenario,
// a conversation, and each scenario's slowest trace as a waterfall.

#include <string>
#include <vector>

#include "bot/query/run_report.hpp"
#include "bot/query/trace_views.hpp"

namespace dq::render::testing {

inline query::StepSample sample(std::string name, std::string scenario, std::int64_t us, double cost = 0) {
  query::StepSample s;
  s.name = std::move(name);
  s.duration_us = us;
  s.scenario = std::move(scenario);
  if (cost > 0) {
    s.model = "claude-haiku-4-5";
    s.input_tokens = 100;
    s.output_tokens = 20;
    s.cost_usd = cost;
  }
  return s;
}

inline std::string scenario_name(int i) {
  return "scenario-" + std::to_string(i);
}

inline query::RunReport sample_report(int scenarios = 3, const std::string& reason = "expected \"12,000\"") {
  query::RunReport r;
  r.run = {"run-1", "replay", "failed", 1'790'000'000'000, 1'790'000'004'000, scenarios, 0, 0, 0, ""};
  for (int i = 0; i < scenarios; ++i) {
    const std::string name = scenario_name(i);
    const bool fails = i % 3 == 1;
    r.scenarios.push_back({name, name + ".yaml", fails ? "failed" : "passed", 3, 4000 + i, ""});
    (fails ? r.run.failed : r.run.passed)++;
    for (int turn = 1; turn <= 3; ++turn) {
      r.checks.push_back(
          {name, turn, "contains", fails && turn == 2 ? "fail" : "pass", fails && turn == 2 ? reason : ""});
      r.checks.push_back({name, turn, "faithful", "pass", ""});
      r.samples.push_back(sample("pipeline.turn", name, 3000 + 100 * turn));
      r.samples.push_back(sample("llm.counterpart", name, 2000 + 100 * turn + i, 0.001 * (1 + i % 4)));
      r.transcript.push_back({name, turn, false, "What is the price?", "It is $12,000."});
    }
    r.checks.push_back({name, 0, "json_shape", "pass", ""});
  }
  for (const auto& s : r.samples) {
    r.input_tokens += s.input_tokens;
    r.output_tokens += s.output_tokens;
    r.cost_usd += s.cost_usd;
  }
  r.steps = query::step_stats(r.samples, {"pipeline.turn", "llm.counterpart"});
  return r;
}

// One scenario run three times (`run --repeat 3`), its conversation judged each time: passed twice, failed
// once, each with the judge's reasoning.
inline query::RunReport repeated_judged_report() {
  query::RunReport r = sample_report(1);
  r.scenarios.clear();
  r.checks.clear();
  for (int rep = 1; rep <= 3; ++rep) {
    const bool fails = rep == 3;
    r.scenarios.push_back({"haggle", "haggle.yaml", fails ? "failed" : "passed", 3, 4000, "", rep});
    r.checks.push_back({"haggle", 1, "contains", "pass", "", rep});
    r.checks.push_back(
        {"haggle", -1, "conversation_judge", fails ? "fail" : "pass",
         fails ? "score 3/10: Rick named his floor of $9,000" : "score 8/10: stays in character", rep});
  }
  return r;
}

// Per scenario a turn trace of a root and `children` spans, 10 ms apart.
inline std::vector<query::Waterfall> sample_waterfalls(const query::RunReport& r, int children = 6) {
  std::vector<query::Waterfall> out;
  for (const auto& s : r.scenarios) {
    query::Waterfall w;
    w.trace = {"0123456789abcdef" + s.scenario, r.run.run_id, "turn", s.scenario, "", "", "ok", "", 2, 0,
               10'000 * (children + 1)};
    w.lines.push_back({0, {"root", "", "pipeline.turn", "ok", "", "", 0, 10'000 * (children + 1)}, 0});
    for (int i = 0; i < children; ++i)
      w.lines.push_back({1 + i % 2,
                         {"c" + std::to_string(i), "root", i % 2 ? "llm.counterpart" : "ctx.load",
                          i == children - 1 ? "error" : "ok", "", "", 10 * i, 9'000},
                         10'000 * i});
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace dq::render::testing
