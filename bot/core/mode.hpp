#pragma once
// How LLM calls are answered, for the harness and the bot alike: the one mode both programs share.

#include <optional>
#include <string_view>

namespace dq::core {

enum class Mode {
  dry_run,  // the deterministic mock: free, no socket
  replay,   // the scenario's cassette: free, no socket
  live,     // the real providers, costed against a budget
  record,   // live, and the answers are written as cassettes
};

// "dry-run" | "replay" | "live" (a recording run is a live run: its run rows say "live").
std::string_view to_string(Mode m);
// "dry-run" | "replay" | "live"; nullopt for anything else.
std::optional<Mode> parse_mode(std::string_view text);
// Whether calls reach a real provider (and may cost money).
constexpr bool is_live(Mode m) {
  return m == Mode::live || m == Mode::record;
}

}  // namespace dq::core
