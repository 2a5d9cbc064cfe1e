#pragma once
// What the fake LLM server answers, as pure functions of the request: protocol validation, success bodies in
// each provider's shape, error bodies, and the reply text (scripted or generated).

#include <optional>
#include <string>
#include <vector>

#include "tests/support/fake_llm_server.hpp"

namespace dq::testing {

struct RawResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Anthropic for /v1/messages, OpenAI shape for the chat-completion paths, 404 otherwise.
RawResponse answer(const ReceivedRequest& request, const std::vector<ScriptedReply>& replies);
// The error response of a fault (not for timeout / truncated_body, which are about the connection).
RawResponse fault_response(Fault fault, const ReceivedRequest& request, int retry_after_seconds);

}  // namespace dq::testing
