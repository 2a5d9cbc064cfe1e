#pragma once
// The simulated trainee as pure functions: how it is prompted and how its answer is read. The harness plays
// synthetic conversations with it; the bot never does. No I/O here: the pipeline sends the request.
//
// The trainee answers with one JSON object: {"message": "what it says next", "status": S}, S one of
// "continue", "deal" (terms agreed), "walked_away" or "nothing_left". With any status but "continue" the
// message (when not empty) is its last line, and the conversation ends after the counterpart's answer.

#include <string>

#include "bot/core/error.hpp"
#include "bot/llm/llm_types.hpp"
#include "bot/pipeline/conversation.hpp"
#include "bot/pipeline/deal.hpp"

namespace dq::pipeline {

struct TraineeBrief {
  std::string goal;     // private to the trainee
  std::string style;    // optional
  std::string opening;  // its first message, said verbatim without a call; optional
  int max_turns = 0;
  AgentConfig agent;
};

enum class TraineeStatus { go_on, deal, walked_away, nothing_left };
std::string_view to_string(TraineeStatus status);

struct TraineeMove {
  std::string message;
  TraineeStatus status = TraineeStatus::go_on;
};

// The trainee's request: its brief and the facts in the system prompt, the conversation so far seen from its
// side (the counterpart's lines as "user", its own as "assistant", in the JSON form it answers in).
llm::Request build_trainee_request(const Deal& deal, const TraineeBrief& brief,
                                   const Conversation& conversation);

// `trainee.bad_output` when the answer holds no JSON object with a string "message" and a known "status",
// or when it goes on with nothing to say. The error quotes what came back.
core::Result<TraineeMove> parse_trainee_answer(const std::string& answer);

// The JSON form of a move, as the trainee is asked to write it.
std::string trainee_json(const TraineeMove& move);

}  // namespace dq::pipeline
