#pragma once
// The fake LLM's answers as pure functions of the request: routing, validation like the real APIs, success
// bodies in each provider's documented shape, error bodies, and the responses of the faults that are about
// content rather than the connection. `sequence` (the request's number on the server) makes ids
// deterministic: msg_fake000007, req_fake000007, gen-fake000007.

#include <cstdint>
#include <string_view>
#include <vector>

#include "tests/support/fake_llm_http.hpp"
#include "tests/support/fake_llm_server.hpp"

namespace dq::testing {

enum class Protocol {
  anthropic,  // {"type":"error","error":{"type","message"},"request_id"} errors
  openai,     // {"error":{"code","message"}} errors
};

// The chat-completion paths and anything else under /api/ are OpenRouter's; the rest get Anthropic's shapes.
Protocol protocol_of(std::string_view path);

// 404 for unknown routes, 401/400 for requests the real API refuses, else 200 with the reply.
HttpResponse answer(const ReceivedRequest& request, const std::vector<ScriptedReply>& replies,
                    std::uint64_t sequence);

// The response of a content fault; Fault::timeout and Fault::truncated_body are the server's business (it
// truncates a normal answer), so for those this returns the normal answer.
HttpResponse fault_response(Fault fault, const ReceivedRequest& request,
                            const std::vector<ScriptedReply>& replies, int retry_after_seconds,
                            std::uint64_t sequence);

HttpResponse error_response(Protocol protocol, int status, std::string_view type, std::string_view message,
                            std::uint64_t sequence);

}  // namespace dq::testing
