#pragma once
// How a scenario file becomes what the pipeline and the dry-run mock know.

#include "bot/pipeline/deal.hpp"
#include "bot/pipeline/dry_run_llm.hpp"
#include "bot/pipeline/judge.hpp"
#include "bot/pipeline/trainee.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::scenario {

pipeline::Deal to_deal(const scenario::Scenario& s);
pipeline::DryRunScript to_dry_run_script(const scenario::Scenario& s);
pipeline::TraineeBrief to_trainee(const scenario::SimulatedUser& u);
// The scenario's `agents.judge`, or the default judge agent (scenario.hpp).
pipeline::AgentConfig judge_agent(const scenario::Scenario& s);
pipeline::JudgeAsk to_judge_ask(const scenario::Scenario& s, const JudgeSpec& spec,
                                pipeline::JudgeTarget target);

}  // namespace dq::scenario
