#include "bot/scenario_deal/scenario_deal.hpp"

namespace dq::scenario {
namespace {

pipeline::AgentConfig to_agent(const scenario::Scenario& s, const std::string& name) {
  pipeline::AgentConfig a;
  auto it = s.agents.find(name);
  if (it == s.agents.end()) return a;
  a.provider = it->second.provider;
  a.model = it->second.model;
  a.max_tokens = it->second.max_tokens;
  a.temperature = it->second.temperature;
  a.anthropic_version = it->second.anthropic_version;
  return a;
}

}  // namespace

pipeline::Deal to_deal(const scenario::Scenario& s) {
  pipeline::Deal d;
  d.id = s.id;
  d.title = s.title;
  d.persona_name = s.persona.name;
  d.persona_role = s.persona.role;
  d.persona_style = s.persona.style;
  d.persona_goal = s.persona.goal;
  d.facts = s.facts;
  d.opening = s.opening;
  d.counterpart = to_agent(s, "counterpart");
  d.coach = to_agent(s, "coach");
  return d;
}

pipeline::DryRunScript to_dry_run_script(const scenario::Scenario& s) {
  pipeline::DryRunScript script;
  script.facts = s.facts;
  for (std::size_t i = 0; i < s.turns.size(); ++i)
    if (s.turns[i].mock_reply) script.counterpart_replies[static_cast<int>(i) + 1] = *s.turns[i].mock_reply;
  if (s.debrief && s.debrief->mock_reply) script.coach_reply = *s.debrief->mock_reply;
  script.latency_ms = s.dry_run.latency_ms;
  return script;
}

}  // namespace dq::scenario
