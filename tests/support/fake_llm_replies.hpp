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
  std::string system;       // the system prompt (Anthropic `system`, or OpenAI messages with role "system")
  std::string last_user;    // text of the last message with role "user"
  std::string all_text;     // system + every message's text: what input tokens are estimated from
  int assistant_turns = 0;  // messages with role "assistant"
};

enum class Role { counterpart, coach, trainee, judge };

// The body of a responses file; `source` names it in errors ("responses.json: responses[2]: ...").
std::expected<std::vector<ScriptedReply>, std::string> parse_scripted_replies(std::string_view json_text,
                                                                              const std::string& source);

// The coach's system prompt says "negotiation coach", the simulated trainee's "You are a trainee practising",
// the judge's "You evaluate a negotiation practice bot"; anything else is a counterpart.
Role role_of(const Conversation& conversation);

// The first scripted reply whose conditions hold (its agent, when given, is the request's role; its match,
// when given, is in the last user message: the latest turn alone, never the system prompt or earlier turns),
// else generated text:
//  - coach: a JSON object {"score", "strengths", "improvements", "advice"};
//  - counterpart: one sentence that quotes a fact of the system prompt (a line starting with "- ") verbatim
//    and has no other digits. The fact quoted is the one sharing the most words with the last user message,
//    the first fact when none does;
//  - trainee, its message t = assistant_turns + 1, with P the first "$" amount in the facts and G the first
//    in the system prompt's "Your goal" line (90% of P when it has none), amounts in whole hundreds:
//    {"message", "status"} JSON. t=1 asks about the first fact; t=2 proposes 2G - P (at least G/2), t=3
//    halfway from there to G, t=4 agrees at G with status "deal". With no "$" amount in the facts it asks
//    about fact t, and at t=4 says "nothing_left";
//  - judge, on the scale N its system prompt names ("integer 0-N"): {"score", "reasoning"} JSON with score
//    N/5 when the text it is shown (its last user message up to the rubric: deal, transcript, debrief)
//    contains "as an AI" or "language model" (any case), else 8N/10. So a recording whose counterpart breaks
//    character fails a judge with the default threshold 7 of 10, and every other one passes it.
std::string reply_text(const Conversation& conversation, const std::vector<ScriptedReply>& replies);

// (chars + 3) / 4, the estimate the project uses elsewhere; 0 for empty text.
std::int64_t estimate_tokens(std::string_view text);

// USD at the model family's list price (protocols.md §3.6); unknown models are priced like Sonnet.
double cost_usd(std::string_view model, std::int64_t input_tokens, std::int64_t output_tokens);

}  // namespace dq::testing
