#pragma once
// The LLM providers' error codes, each naming provider, status, error type and request id
// (docs/error-codes.md lists every library's; scripts/error-codes --check keeps that list true).

#include "bot/core/error.hpp"

namespace dq::llm::errc {

// a body that is not the provider's format
inline constexpr core::ErrorCode bad_response{"llm.bad_response"};
// a 4xx: the request was refused (not retried)
inline constexpr core::ErrorCode client_error{"llm.client_error"};
// cannot connect (retried)
inline constexpr core::ErrorCode connect{"llm.connect"};
// a reply with no text
inline constexpr core::ErrorCode empty_reply{"llm.empty_reply"};
// the connection broke (retried)
inline constexpr core::ErrorCode io{"llm.io"};
// the provider's key variable is not set
inline constexpr core::ErrorCode no_api_key{"llm.no_api_key"};
// 529 (retried with backoff)
inline constexpr core::ErrorCode overloaded{"llm.overloaded"};
// 429 (retried after retry-after)
inline constexpr core::ErrorCode rate_limited{"llm.rate_limited"};
// 408 (retried with backoff)
inline constexpr core::ErrorCode request_timeout{"llm.request_timeout"};
// 5xx (retried with backoff)
inline constexpr core::ErrorCode server_error{"llm.server_error"};
// no complete answer in time (retried)
inline constexpr core::ErrorCode timeout{"llm.timeout"};
// a provider dealquest does not speak
inline constexpr core::ErrorCode unknown_provider{"llm.unknown_provider"};

}  // namespace dq::llm::errc
