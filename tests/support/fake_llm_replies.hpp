#pragma once
// What the fake LLM says, as pure functions: scripted replies (parsed from the responses file, matched
// against the request) or deterministic generated text, and the usage numbers it reports.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/fake_llm_server.hpp"

namespace dq::testing {

// The parts of a chat request a reply depends on, the same for both protocols.
struct Conversation {
  std::string system;     // the system prompt (Anthropic `system`, or OpenAI messages with role "system")
  std::string last_user;  // text of the last message with role "user"
  std::string all_text;   // system + every message's text: what input tokens are estimated from
};

// The body of a responses file; `source` names it in errors ("responses.json: responses[2]: ...").
std::expected<std::vector<ScriptedReply>, std::string> parse_scripted_replies(std::string_view json_text,
                                                                              const std::string& source);

bool is_coach(const Conversation& conversation);

// The first scripted reply whose conditions hold, else generated text: for the coach a JSON object
// {"score", "strengths", "improvements", "advice"}; for a counterpart one sentence that quotes a fact of the
// system prompt (a line starting with "- ") verbatim and has no other digits. The fact quoted is the one
// sharing the most words with the last user message, the first fact when none does.
std::string reply_text(const Conversation& conversation, const std::vector<ScriptedReply>& replies);

// (chars + 3) / 4, the estimate the project uses elsewhere; 0 for empty text.
std::int64_t estimate_tokens(std::string_view text);

// USD at the model family's list price (protocols.md §3.6); unknown models are priced like Sonnet.
double cost_usd(std::string_view model, std::int64_t input_tokens, std::int64_t output_tokens);

}  // namespace dq::testing
