#include "bot/scenario_deal/scenario_deal.hpp"

namespace dq::scenario {
namespace {

pipeline::AgentConfig to_agent(const AgentSettings& a) {
  return {a.provider, a.model, a.max_tokens, a.temperature, a.anthropic_version};
}

pipeline::AgentConfig to_agent(const scenario::Scenario& s, const std::string& name) {
  auto it = s.agents.find(name);
  return it == s.agents.end() ? pipeline::AgentConfig{} : to_agent(it->second);
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
  if (s.simulated_user) script.trainee_goal = s.simulated_user->goal;
  script.latency_ms = s.dry_run.latency_ms;
  return script;
}

pipeline::AgentConfig judge_agent(const scenario::Scenario& s) {
  auto it = s.agents.find("judge");
  if (it != s.agents.end()) return to_agent(it->second);
  return {kDefaultJudgeProvider, kDefaultJudgeModel, kDefaultJudgeMaxTokens, std::nullopt, std::nullopt};
}

pipeline::JudgeAsk to_judge_ask(const scenario::Scenario& s, const JudgeSpec& spec,
                                pipeline::JudgeTarget target) {
  return {spec.rubric, spec.scale, spec.samples, target, judge_agent(s)};
}

pipeline::TraineeBrief to_trainee(const scenario::SimulatedUser& u) {
  pipeline::TraineeBrief b;
  b.goal = u.goal;
  b.style = u.style;
  b.opening = u.opening;
  b.max_turns = u.max_turns;
  b.agent = to_agent(u.agent);
  return b;
}

}  // namespace dq::scenario
