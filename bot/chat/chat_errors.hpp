#pragma once
// The chat flow's error codes (docs/error-codes.md lists every library's; scripts/error-codes --check keeps
// that list true).

#include "bot/core/error.hpp"

namespace dq::chat::errc {

// --scenarios holds no scenario file
inline constexpr core::ErrorCode no_scenarios{"bot.no_scenarios"};

}  // namespace dq::chat::errc
