#pragma once
// The LLM of --dry-run: deterministic, free, no socket. It answers like the two agents would, from the deal
// alone, so a scenario's expectations mean something without a model:
//  - counterpart, turn i with user text U: quotes the fact sharing the most words (lowercase letter runs of
//    length >= 4) with U (ties: the earlier fact; none in common: fact (i-1) mod n), between a fixed opener
//    and closer chosen by i; or exactly the scripted reply for turn i, when the scenario gives one;
//  - coach: a JSON score derived from the transcript (see dry_run_llm.cpp), or the scripted debrief;
//  - judge: kDryRunJudgeAnswer, a score of 0 (the harness does not ask it in --dry-run, where a judge is
//    not evaluated or takes the scenario's mock_verdict; the call planner does, to count the calls);
//  - simulated trainee (turn t = its earlier messages + 1), with A the first money amount in the facts (the
//    asking price) and G the first in its goal: t=1 asks about the first fact; t=2 anchors at 2G - A (as far
//    past its goal as the asking price is on the other side), rounded; t=3 offers halfway back to G; t=4
//    offers G and ends ("deal"). Without both amounts it asks about fact t, and ends ("nothing_left") once
//    every fact was asked about.
// Usage is estimated from text (llm::estimate_tokens); cost is $0. An optional simulated latency waits on a
// timer of the caller's executor.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/llm/llm_client.hpp"

namespace dq::pipeline {

inline constexpr std::string_view kDryRunJudgeAnswer =
    R"({"score": 0, "reasoning": "The dry-run LLM does not judge."})";

struct DryRunScript {
  std::vector<std::string> facts;
  std::map<int, std::string> counterpart_replies;  // 1-based turn -> exact reply
  std::optional<std::string> coach_reply;
  std::int64_t latency_ms = 0;
  std::string trainee_goal;  // the simulated trainee's, when the scenario has one
};

class DryRunLlmClient final : public llm::LlmClient {
 public:
  explicit DryRunLlmClient(DryRunScript script) : script_(std::move(script)) {}
  boost::asio::awaitable<core::Result<llm::Response>> complete(const llm::Request& request) override;
  int calls() const { return calls_; }

  // The pure parts, exposed for tests.
  std::string counterpart_reply(const llm::Request& request) const;
  std::string coach_reply(const llm::Request& request) const;
  std::string trainee_reply(const llm::Request& request) const;

 private:
  DryRunScript script_;
  int calls_ = 0;
};

}  // namespace dq::pipeline
