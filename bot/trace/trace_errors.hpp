#pragma once
// Tracing's error codes (docs/error-codes.md lists every library's; tests/check_error_codes.sh keeps that list true).

#include "bot/core/error.hpp"

namespace dq::trace::errc {

inline constexpr core::ErrorCode write_failed{"trace.write_failed"};  // spans the store refused (counted as dropped)

}  // namespace dq::trace::errc
