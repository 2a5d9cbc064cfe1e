#pragma once
// The scenario library's error codes: what is wrong with a scenario file, always with file:line:column
// (docs/error-codes.md lists every library's; scripts/error-codes --check keeps that list true).

#include "bot/core/error.hpp"

namespace dq::scenario::errc {

// YAML aliases that expand past the limit
inline constexpr core::ErrorCode alias_bomb{"scenario.alias_bomb"};
// a `matches` pattern that does not compile
inline constexpr core::ErrorCode bad_regex{"scenario.bad_regex"};
// not UTF-8 text (a NUL byte, invalid UTF-8)
inline constexpr core::ErrorCode binary{"scenario.binary"};
// two scenarios with one id
inline constexpr core::ErrorCode duplicate_id{"scenario.duplicate_id"};
// a value out of range or not allowed
inline constexpr core::ErrorCode invalid_value{"scenario.invalid_value"};
// the file or folder cannot be read
inline constexpr core::ErrorCode io{"scenario.io"};
// a required key is absent
inline constexpr core::ErrorCode missing{"scenario.missing"};
// no scenario files in the given paths
inline constexpr core::ErrorCode none{"scenario.none"};
// no such file or folder
inline constexpr core::ErrorCode not_found{"scenario.not_found"};
// not valid YAML
inline constexpr core::ErrorCode syntax{"scenario.syntax"};
// nesting deeper than the limit
inline constexpr core::ErrorCode too_deep{"scenario.too_deep"};
// a file over the size limit
inline constexpr core::ErrorCode too_large{"scenario.too_large"};
// a value of the wrong type
inline constexpr core::ErrorCode type{"scenario.type"};
// a key the format does not have (a typo?)
inline constexpr core::ErrorCode unknown_key{"scenario.unknown_key"};

}  // namespace dq::scenario::errc
