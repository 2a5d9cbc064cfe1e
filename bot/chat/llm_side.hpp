#pragma once
// Which LLM answers a chat's scenario: one client per scenario, made on first use by the runtime's factory
// (dry-run, replay or live: bot/runtime/llm_stack.hpp) and kept for the bot's lifetime.

#include <map>
#include <memory>
#include <string>

#include "bot/llm/llm_client.hpp"
#include "bot/scenario/llm_factory.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::chat {

class LlmSide {
 public:
  explicit LlmSide(scenario::LlmFactory make) : make_(std::move(make)) {}
  llm::LlmClient& client(const scenario::Scenario& s);

 private:
  scenario::LlmFactory make_;
  std::map<std::string, std::unique_ptr<llm::LlmClient>> clients_;
};

}  // namespace dq::chat
