#pragma once
// What the pipeline knows of a negotiation: the counterpart's persona, the casebook facts and the model
// settings of each agent. Built from a scenario file by the harness and (later) by the bot.

#include <optional>
#include <string>
#include <vector>

namespace dq::pipeline {

struct AgentConfig {
  std::string provider = "anthropic";
  std::string model;
  int max_tokens = 0;
  std::optional<double> temperature;
  std::optional<std::string> anthropic_version;
};

struct Deal {
  std::string id;
  std::string title;
  std::string persona_name;
  std::string persona_role;
  std::string persona_style;
  std::string persona_goal;  // private to the counterpart: never to be revealed
  std::vector<std::string> facts;
  std::string opening;
  AgentConfig counterpart;
  AgentConfig coach;
};

}  // namespace dq::pipeline
