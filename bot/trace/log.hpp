#pragma once
// Structured logs: one JSON object per line, to stderr by default (or a file). A line written inside a traced
// task carries its context without the call site passing it: trace and span ids, the trace's user, chat and
// scenario, and the innermost step's name; the caller adds the rest. Never log user text: log its
// fingerprint (length and a hash).
// Never log secrets: nothing here reads them, and callers pass error texts that have the token removed.
//
//   log::info("tg.refused", {{"chat", "42"}, {"user", "7"}, {"command", "admin"}});
//   → {"ts":"2026-11-22T14:03:05.123Z","level":"info","event":"tg.refused","trace":"…","span":"…",
//      "scenario":"used-car","step":"llm.counterpart","chat":"42","user":"7","command":"admin"}
//
// @par Thread safety: lines from different threads never interleave.

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/core/error.hpp"

namespace dq::log {

using Fields = std::vector<std::pair<std::string_view, std::string>>;

enum class Level { debug, info, warn, error };

void write(Level level, std::string_view event, const Fields& fields = {});
inline void info(std::string_view event, const Fields& fields = {}) {
  write(Level::info, event, fields);
}
inline void warn(std::string_view event, const Fields& fields = {}) {
  write(Level::warn, event, fields);
}
inline void error(std::string_view event, const Fields& fields = {}) {
  write(Level::error, event, fields);
}

// Where lines go (not owned; nullptr silences). Default stderr.
void set_sink(std::FILE* sink);
void set_min_level(Level level);

// "len=42 fnv=1f3a…": what may be logged about a user's text.
std::string fingerprint(std::string_view text);

// An error as a log line may show it: "[code] where: message", with its detail (outside text that may
// quote a user: core::Error) reduced to its fingerprint, "… (detail len=42 fnv=1f3a…)". Every error that
// reaches a log goes through here, never through Error::to_string().
std::string redacted(const core::Error& error);

// The JSON line itself (exposed for tests), without the newline.
std::string format_line(Level level, std::string_view event, const Fields& fields,
                        std::string_view timestamp);

}  // namespace dq::log
