#pragma once
// The http.* error codes (http_client.hpp says when each happens). Compare with these, never with literals.

#include "bot/core/error.hpp"

namespace dq::http::errc {

// refused, DNS: the request never arrived
inline constexpr core::ErrorCode connect{"http.connect"};
// no complete answer in time: it may have arrived
inline constexpr core::ErrorCode timeout{"http.timeout"};
// reset, truncated body, protocol error
inline constexpr core::ErrorCode io{"http.io"};
// cancel_all() ended it (shutting down)
inline constexpr core::ErrorCode cancelled{"http.cancelled"};
// the response body is over the client's limit (8 MiB): refused, not read to the end
inline constexpr core::ErrorCode too_large{"http.too_large"};

}  // namespace dq::http::errc
