#pragma once
// The LLM providers' error codes, each naming provider, status, error type and request id (docs/error-codes.md lists every library's; tests/check_error_codes.sh keeps that list true).

#include "bot/core/error.hpp"

namespace dq::llm::errc {

inline constexpr core::ErrorCode bad_response{"llm.bad_response"};          // a body that is not the provider's format
inline constexpr core::ErrorCode client_error{"llm.client_error"};          // a 4xx: the request was refused (not retried)
inline constexpr core::ErrorCode connect{"llm.connect"};                    // cannot connect (retried)
inline constexpr core::ErrorCode empty_reply{"llm.empty_reply"};            // a reply with no text
inline constexpr core::ErrorCode io{"llm.io"};                              // the connection broke (retried)
inline constexpr core::ErrorCode no_api_key{"llm.no_api_key"};              // the provider's key variable is not set
inline constexpr core::ErrorCode overloaded{"llm.overloaded"};              // 529 (retried with backoff)
inline constexpr core::ErrorCode rate_limited{"llm.rate_limited"};          // 429 (retried after retry-after)
inline constexpr core::ErrorCode request_timeout{"llm.request_timeout"};    // 408 (retried with backoff)
inline constexpr core::ErrorCode server_error{"llm.server_error"};          // 5xx (retried with backoff)
inline constexpr core::ErrorCode timeout{"llm.timeout"};                    // no complete answer in time (retried)
inline constexpr core::ErrorCode unknown_provider{"llm.unknown_provider"};  // a provider dealquest does not speak

}  // namespace dq::llm::errc
