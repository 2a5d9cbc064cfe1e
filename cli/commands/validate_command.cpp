#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "bot/core/exit_code.hpp"
#include "bot/scenario/scenario_errors.hpp"
#include "bot/scenario/scenario_parser.hpp"
#include "cli/commands/commands.hpp"

namespace dq::cli {
namespace {

int validate_command(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err) {
  auto loaded = scenario::load_scenarios(paths);
  if (loaded.files.empty() && loaded.errors.empty()) {
    err << core::Error{scenario::errc::none, "", "no scenario files (*.yaml, *.yml) in the given paths"}
               .to_string()
        << "\n";
    return core::to_int(core::ExitCode::usage);
  }
  for (const auto& s : loaded.scenarios) {
    out << "ok   " << s.where.file << "  " << s.id << " (" << s.turns.size() << " turns, ";
    if (s.simulated_user) out << "then a simulated trainee for up to " << s.simulated_user->max_turns << ", ";
    out << s.facts.size() << " facts)\n";
  }
  for (const auto& e : loaded.errors) err << e.to_string() << "\n";
  if (!loaded.errors.empty()) {
    err << loaded.errors.size() << (loaded.errors.size() == 1 ? " error" : " errors") << " in "
        << loaded.files.size() << (loaded.files.size() == 1 ? " file" : " files") << "\n";
    return core::to_int(core::ExitCode::usage);
  }
  out << loaded.scenarios.size() << (loaded.scenarios.size() == 1 ? " scenario" : " scenarios") << " valid\n";
  return core::to_int(core::ExitCode::ok);
}

}  // namespace

Handler define_validate(CLI::App& app) {
  auto paths = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand("validate", "Check scenario files without running anything");
  cmd->add_option("paths", *paths, "Scenario files or directories")->required();
  return [paths, cmd](std::ostream& out, std::ostream& err) -> std::optional<int> {
    if (!*cmd) return std::nullopt;
    return validate_command(*paths, out, err);
  };
}

}  // namespace dq::cli
