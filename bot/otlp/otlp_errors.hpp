#pragma once
// The OTLP export's error codes (docs/error-codes.md lists every library's; scripts/error-codes --check keeps
// that list true).

#include "bot/core/error.hpp"

namespace dq::otlp::errc {

// --endpoint is not an http:// or https:// URL
inline constexpr core::ErrorCode bad_endpoint{"export.bad_endpoint"};
// the receiver could not be reached, or kept answering 429/502/503/504, until the attempts ran out
inline constexpr core::ErrorCode send_failed{"export.send_failed"};
// the receiver refused a batch with a status that retrying cannot change (400, 401, 404, 413, ...)
inline constexpr core::ErrorCode rejected{"export.rejected"};

}  // namespace dq::otlp::errc
