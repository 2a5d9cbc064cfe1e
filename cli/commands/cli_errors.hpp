#pragma once
// dealquest-test's own error codes (its libraries' codes are in their *_errors.hpp) (docs/error-codes.md
// lists every library's; scripts/error-codes --check keeps that list true).

#include "bot/core/error.hpp"

namespace dq::cli::errc {

// the first word names no subcommand (with a did-you-mean)
inline constexpr core::ErrorCode unknown_command{"cli.unknown_command"};
// no subcommand given
inline constexpr core::ErrorCode no_command{"cli.no_command"};
// an option or argument the parser refused (unknown, missing, out of range)
inline constexpr core::ErrorCode bad_argument{"cli.bad_argument"};
// a bug: what escaped the run, with its text
inline constexpr core::ErrorCode internal{"run.internal"};
// nothing to run (a filter matched nothing)
inline constexpr core::ErrorCode no_scenarios{"run.no_scenarios"};
// flags that do not go together
inline constexpr core::ErrorCode usage{"run.usage"};
// `run --junit FILE` cannot write FILE: before the run (exit 2, nothing ran) or after it (exit 3, run stored)
inline constexpr core::ErrorCode junit_write{"run.junit_write"};
// no trace store at that path
inline constexpr core::ErrorCode no_store{"report.no_store"};
// no trace with that id
inline constexpr core::ErrorCode unknown_trace{"report.unknown_trace"};

// `export --since` is not a duration such as 30m, 24h or 7d
inline constexpr core::ErrorCode export_bad_since{"export.bad_since"};
// `export --out FILE` cannot write FILE (an old FILE is left whole)
inline constexpr core::ErrorCode export_write{"export.write"};

}  // namespace dq::cli::errc
