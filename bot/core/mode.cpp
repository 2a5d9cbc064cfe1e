#include "bot/core/mode.hpp"

namespace dq::core {

std::string_view to_string(Mode m) {
  switch (m) {
    case Mode::dry_run:
      return "dry-run";
    case Mode::replay:
      return "replay";
    case Mode::live:
    case Mode::record:
      return "live";
  }
  return "live";
}

std::optional<Mode> parse_mode(std::string_view text) {
  if (text == "dry-run") return Mode::dry_run;
  if (text == "replay") return Mode::replay;
  if (text == "live") return Mode::live;
  return std::nullopt;
}

}  // namespace dq::core
