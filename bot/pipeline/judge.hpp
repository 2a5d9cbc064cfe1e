#pragma once
// The LLM judge as pure functions: how it is asked to score one thing (a reply, the coach's advice, the whole
// conversation) against a rubric, and how its answer is read. The harness runs it; the bot never does.
//
// The judge answers with one JSON object: {"score": integer 0..scale, "reasoning": "why"}.

#include <string>

#include "bot/core/error.hpp"
#include "bot/llm/llm_types.hpp"
#include "bot/pipeline/conversation.hpp"
#include "bot/pipeline/deal.hpp"

namespace dq::pipeline {

enum class JudgeTarget { reply, advice, conversation };

struct JudgeAsk {
  std::string rubric;
  int scale = 10;
  int samples = 1;
  JudgeTarget target = JudgeTarget::reply;
  AgentConfig agent;
};

struct JudgeVerdict {
  int score = 0;
  std::string reasoning;
};

// The judge sees the deal (persona, private goal, facts) and the transcript so far; for a reply the last
// counterpart message is the one judged, for advice the coach's last debrief.
llm::Request build_judge_request(const Deal& deal, const JudgeAsk& ask, const Conversation& conversation);

// `judge.bad_output` when the answer holds no JSON object with an integer "score" in 0..scale and a string
// "reasoning". The error quotes what came back.
core::Result<JudgeVerdict> parse_judge_answer(const std::string& answer, int scale);

}  // namespace dq::pipeline
