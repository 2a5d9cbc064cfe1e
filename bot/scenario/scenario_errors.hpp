#pragma once
// The scenario library's error codes: what is wrong with a scenario file, always with file:line:column (docs/error-codes.md lists every library's; tests/check_error_codes.sh keeps that list true).

#include "bot/core/error.hpp"

namespace dq::scenario::errc {

inline constexpr core::ErrorCode alias_bomb{"scenario.alias_bomb"};        // YAML aliases that expand past the limit
inline constexpr core::ErrorCode bad_regex{"scenario.bad_regex"};          // a `matches` pattern that does not compile
inline constexpr core::ErrorCode binary{"scenario.binary"};                // not UTF-8 text (a NUL byte, invalid UTF-8)
inline constexpr core::ErrorCode duplicate_id{"scenario.duplicate_id"};    // two scenarios with one id
inline constexpr core::ErrorCode invalid_value{"scenario.invalid_value"};  // a value out of range or not allowed
inline constexpr core::ErrorCode io{"scenario.io"};                        // the file or folder cannot be read
inline constexpr core::ErrorCode missing{"scenario.missing"};              // a required key is absent
inline constexpr core::ErrorCode none{"scenario.none"};                    // no scenario files in the given paths
inline constexpr core::ErrorCode not_found{"scenario.not_found"};          // no such file or folder
inline constexpr core::ErrorCode syntax{"scenario.syntax"};                // not valid YAML
inline constexpr core::ErrorCode too_deep{"scenario.too_deep"};            // nesting deeper than the limit
inline constexpr core::ErrorCode too_large{"scenario.too_large"};          // a file over the size limit
inline constexpr core::ErrorCode type{"scenario.type"};                    // a value of the wrong type
inline constexpr core::ErrorCode unknown_key{"scenario.unknown_key"};      // a key the format does not have (a typo?)

}  // namespace dq::scenario::errc
