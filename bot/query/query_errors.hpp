#pragma once
// The query layer's error codes (reports, trace views) (docs/error-codes.md lists every library's;
// scripts/error-codes --check keeps that list true).

#include "bot/core/error.hpp"

namespace dq::query::errc {

// a part of a trace id that several traces have
inline constexpr core::ErrorCode ambiguous_trace{"query.ambiguous_trace"};
// a trace id reference under 8 hex digits
inline constexpr core::ErrorCode short_trace_id{"query.short_trace_id"};
// the store holds no run yet
inline constexpr core::ErrorCode no_runs{"report.no_runs"};
// several runs start with that prefix
inline constexpr core::ErrorCode ambiguous_run{"report.ambiguous_run"};
// no run with that id (or prefix)
inline constexpr core::ErrorCode unknown_run{"report.unknown_run"};

}  // namespace dq::query::errc
