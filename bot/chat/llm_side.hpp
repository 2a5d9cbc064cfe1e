#pragma once
// Which LLM answers a chat's scenario: dry-run (free, deterministic, no socket), replay (the scenario's
// cassette) or live (the providers, costed against the budget). One client per scenario, made on first use
// and kept for the bot's lifetime.

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "bot/llm/llm_client.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::chat {

using LlmFactory = std::function<std::unique_ptr<llm::LlmClient>(const scenario::Scenario&)>;

class LlmSide {
 public:
  LlmSide(std::string mode, LlmFactory make) : mode_(std::move(mode)), make_(std::move(make)) {}
  const std::string& mode() const { return mode_; }  // "dry-run" | "replay" | "live"
  llm::LlmClient& client(const scenario::Scenario& s);

 private:
  std::string mode_;
  LlmFactory make_;
  std::map<std::string, std::unique_ptr<llm::LlmClient>> clients_;
};

// The dry-run LLM for free-form chats: the scenario's facts and scripted debrief, but none of its scripted
// turn replies (a person's turn i is not the scenario's turn i). `latency_ms` < 0 keeps the scenario's own.
LlmFactory dry_run_factory(std::int64_t latency_ms = -1);

}  // namespace dq::chat
