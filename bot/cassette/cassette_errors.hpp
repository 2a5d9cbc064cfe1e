#pragma once
// The cassette library's error codes (docs/error-codes.md lists every library's).

#include "bot/core/error.hpp"

namespace dq::cassette::errc {

// SOURCE_DATE_EPOCH is set but is not a whole number of seconds
inline constexpr core::ErrorCode bad_source_date_epoch{"cassette.bad_source_date_epoch"};
// not a cassette this build reads
inline constexpr core::ErrorCode invalid{"cassette.invalid"};
// reading or writing the file failed
inline constexpr core::ErrorCode io{"cassette.io"};
// no recorded request matches
inline constexpr core::ErrorCode no_match{"cassette.no_match"};
// no recording for the scenario
inline constexpr core::ErrorCode not_found{"cassette.not_found"};
// a key would have reached the disk
inline constexpr core::ErrorCode secret_found{"cassette.secret_found"};
// written by a newer format version
inline constexpr core::ErrorCode too_new{"cassette.too_new"};

}  // namespace dq::cassette::errc
