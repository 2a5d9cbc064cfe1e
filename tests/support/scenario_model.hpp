#pragma once
// A small scenario built in code (no YAML): a seller of a $1,000 bike, both agents on Anthropic. Tests change
// what they are about (turns, agents, debrief).

#include <optional>
#include <string>

#include "bot/scenario/scenario.hpp"

namespace dq::testing {

inline scenario::Scenario bike_scenario(std::string id = "bike") {
  scenario::Scenario s;
  s.id = std::move(id);
  s.title = "T";
  s.where.file = s.id + ".yaml";
  s.persona = {"Pat", "seller", "", ""};
  s.facts = {"Price: $1,000 for the bike"};
  s.agents["counterpart"] = {"anthropic", "claude-haiku-4-5", 300, std::nullopt, std::nullopt};
  s.agents["coach"] = {"anthropic", "claude-haiku-4-5", 600, std::nullopt, std::nullopt};
  return s;
}

}  // namespace dq::testing
