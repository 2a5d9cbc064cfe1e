#pragma once
// The two agents as pure functions: how the counterpart and the coach are prompted, and how the coach's
// answer is read. No I/O here; the pipeline sends the requests through an LlmClient.

#include <string>

#include "bot/core/error.hpp"
#include "bot/llm/llm_types.hpp"
#include "bot/pipeline/conversation.hpp"
#include "bot/pipeline/deal.hpp"

namespace dq::pipeline {

// The counterpart's request for its next reply: persona and facts in the system prompt, the conversation so
// far plus `user_text` as messages.
llm::Request build_counterpart_request(const Deal& deal, const Conversation& conversation,
                                       const std::string& user_text);

// The transcript the coach reads: one line per message, "Trainee: …" / "Counterpart: …".
std::string format_transcript(const Deal& deal, const Conversation& conversation);
inline constexpr std::string_view kTraineePrefix = "Trainee: ";

llm::Request build_coach_request(const Deal& deal, const Conversation& conversation);

// The text from the first '{' to the last '}' of `text`, or of its first ```json fence; empty when none.
std::string_view json_object_candidate(std::string_view text);

// An error for a structured answer that does not parse: `why` (its message), then what came back (cut at
// 300 bytes) and the form that was `expected` (its detail: a model's answer may repeat the user's words).
core::Error unreadable_answer(core::ErrorCode code, const std::string& why, const std::string& answer,
                              std::string_view expected);

// The JSON object in the coach's answer (bare, or inside a ```json fence). Error `coach.bad_json` when there
// is none or it does not parse; `coach.not_object` when it is not an object. Returns the object's text.
core::Result<std::string> extract_coach_json(const std::string& answer);

}  // namespace dq::pipeline
