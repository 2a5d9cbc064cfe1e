#pragma once
// How an HTTP exchange becomes a cassette interaction and back; shared by the replaying and the recording
// client so both match a request the same way. Everything that reaches a MatchKey or an Interaction is
// redacted; request and response headers are allow-listed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot/cassette/cassette.hpp"
#include "bot/cassette/matcher.hpp"
#include "bot/http/http_types.hpp"

namespace dq::cassette {

// The endpoint part of a URL path, from "/v1/" on: base URLs differ ("https://openrouter.ai/api", a local
// fake on 127.0.0.1:PORT), the endpoint does not. A path without "/v1/" is kept whole.
std::string endpoint_path(std::string_view path);
// "anthropic" for "/v1/messages", "openrouter" for ".../chat/completions", "" otherwise.
std::string provider_of_path(std::string_view endpoint);

// The request as it is matched: provider from the path, redacted endpoint path, redacted body (parsed when
// it is JSON, else the text).
MatchKey match_key_of(const http::Request& request, const Redactor& redactor);

// The recorded answer as a provider client sees it: status, headers, and the body re-serialized when it was
// stored as JSON (verbatim when stored as a string); latency_us from latency_ms.
http::Response response_of(const Interaction& interaction);

// A new interaction for a live exchange (order 0: the caller numbers it). Headers allow-listed (names
// lower-cased) and redacted, bodies redacted, usage copied from the response body when it has one.
Interaction interaction_of(const MatchKey& key, const http::Request& request, const http::Response& response,
                           const Redactor& redactor, std::int64_t recorded_at_wall_ms);

// The total time the server says it took, from the standard response header (W3C Server Timing)
// `server-timing: total;dur=400` (other metrics and parameters ignored, `dur` rounded to whole ms); nullopt
// when no header declares a `total` with a duration.
std::optional<std::int64_t> declared_latency_ms(const http::Response& response);

// "2026-11-22T12:00:00Z"
std::string utc_timestamp(std::int64_t wall_ms);

}  // namespace dq::cassette
