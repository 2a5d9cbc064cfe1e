#pragma once
// The wire formats of the two providers, as pure functions: an llm::Request becomes an http::Request, and an
// http::Response becomes an llm::Response or an Error. protocols.md §3 (Anthropic Messages API) and §4
// (OpenRouter / OpenAI chat completions) are the reference.
//
// Error codes (stable; the report shows them with provider, status, error type and request id):
//   llm.rate_limited (429), llm.overloaded (529), llm.server_error (5xx), llm.client_error (other 4xx),
//   llm.bad_response (a body that is not what the protocol says), llm.empty_reply (no text at all).

#include <optional>
#include <string>

#include "bot/core/error.hpp"
#include "bot/http/http_types.hpp"
#include "bot/llm/llm_types.hpp"
#include "bot/llm/provider_config.hpp"

namespace dq::llm {

http::Request encode_request(const ProviderConfig& provider, const Request& request);

// Status 2xx: the parsed reply, or llm.bad_response / llm.empty_reply (also for an OpenRouter 200 whose body
// is an error). Other statuses: the mapped error.
core::Result<Response> decode_response(const ProviderConfig& provider, const http::Response& response);

// Seconds to wait before retrying, from a `retry-after` header (delta-seconds, possibly fractional).
std::optional<double> retry_after_seconds(const http::Response& response);

}  // namespace dq::llm
