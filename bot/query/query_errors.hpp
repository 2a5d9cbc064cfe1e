#pragma once
// The query layer's error codes (reports, trace views) (docs/error-codes.md lists every library's; tests/check_error_codes.sh keeps that list true).

#include "bot/core/error.hpp"

namespace dq::query::errc {

inline constexpr core::ErrorCode ambiguous_trace{"query.ambiguous_trace"};  // a trace id prefix that matches several
inline constexpr core::ErrorCode short_trace_id{"query.short_trace_id"};    // a trace id prefix under 8 digits
inline constexpr core::ErrorCode no_runs{"report.no_runs"};                 // the store holds no run yet
inline constexpr core::ErrorCode unknown_run{"report.unknown_run"};         // no run with that id (or prefix)

}  // namespace dq::query::errc
