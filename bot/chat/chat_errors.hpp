#pragma once
// The chat flow's error codes (docs/error-codes.md lists every library's; tests/check_error_codes.sh keeps that list true).

#include "bot/core/error.hpp"

namespace dq::chat::errc {

inline constexpr core::ErrorCode no_scenarios{"bot.no_scenarios"};  // --scenarios holds no scenario file

}  // namespace dq::chat::errc
