#pragma once
// Reading scenario files: YAML text -> validated Scenario, or every problem in the file as core::Error values
// with a stable code and `file:line:column` (1-based; columns count characters). scenarios/README.md
// documents the format. Hostile input (huge, binary, deeply nested, alias bombs) is refused with an error in
// time and memory bounded by the 1 MiB file limit.
//
// Error codes: scenario.syntax, scenario.unknown_key, scenario.type, scenario.missing,
// scenario.invalid_value, scenario.bad_regex, scenario.duplicate_id, scenario.too_large, scenario.binary,
// scenario.too_deep, scenario.alias_bomb, scenario.not_found, scenario.io.
// Errors about a whole file (not_found, io, too_large) have just the path as `where`.

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::scenario {

// Parses one scenario from YAML text; `file` is used in locations. All problems found in the file are
// returned (at least one), in file order.
std::expected<Scenario, std::vector<core::Error>> parse_scenario(std::string_view text,
                                                                 const std::string& file);

// Reads and parses one file: rejects files over 1 MiB (scenario.too_large, checked before reading), binary
// content (scenario.binary: NUL, control bytes or invalid UTF-8, at the first bad byte), a missing file
// (scenario.not_found) and an unreadable one (scenario.io).
std::expected<Scenario, std::vector<core::Error>> load_scenario_file(const std::filesystem::path& path);

struct LoadResult {
  std::vector<Scenario> scenarios;  // the valid ones, in load order
  std::vector<core::Error> errors;  // file by file, each file's in file order
  std::vector<std::string> files;   // every file that was read (or tried), in load order
};

// Paths are files or directories (directories: every *.yaml / *.yml directly inside, sorted by name; other
// files such as README.md are ignored). A file named twice is loaded once. Ids must be unique across all
// loaded files: scenario.duplicate_id at the second file's `id:`, naming the first. A path that does not
// exist is scenario.not_found.
LoadResult load_scenarios(const std::vector<std::string>& paths);

}  // namespace dq::scenario
