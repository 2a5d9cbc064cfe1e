#pragma once
// dealquest-test's own error codes (its libraries' codes are in their *_errors.hpp) (docs/error-codes.md lists every library's; tests/check_error_codes.sh keeps that list true).

#include "bot/core/error.hpp"

namespace dq::cli::errc {

inline constexpr core::ErrorCode internal{"run.internal"};             // a bug: what escaped the run, with its text
inline constexpr core::ErrorCode no_scenarios{"run.no_scenarios"};     // nothing to run (a filter matched nothing)
inline constexpr core::ErrorCode usage{"run.usage"};                   // flags that do not go together
inline constexpr core::ErrorCode no_store{"report.no_store"};          // no trace store at that path
inline constexpr core::ErrorCode unknown_trace{"report.unknown_trace"};  // no trace with that id

}  // namespace dq::cli::errc
