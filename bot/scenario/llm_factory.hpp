#pragma once
// Makes the LLM client one scenario talks to: the dry-run mock, a cassette replayer, or the costed providers.
// Declared here, once, for everything that runs scenarios (the harness's runner, the bot's chats) and the
// runtime that builds the clients (bot/runtime/llm_stack.hpp).

#include <functional>
#include <memory>

namespace dq::llm {
class LlmClient;
}

namespace dq::scenario {

struct Scenario;
using LlmFactory = std::function<std::unique_ptr<llm::LlmClient>(const Scenario&)>;

}  // namespace dq::scenario
