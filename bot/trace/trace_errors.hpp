#pragma once
// Tracing's error codes (docs/error-codes.md lists every library's; scripts/error-codes --check keeps that
// list true).

#include "bot/core/error.hpp"

namespace dq::trace::errc {

// spans the store refused (counted as dropped)
inline constexpr core::ErrorCode write_failed{"trace.write_failed"};

}  // namespace dq::trace::errc
