#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <ostream>

#include "bot/core/exit_code.hpp"
#include "bot/scenario/scenario_errors.hpp"
#include "bot/scenario/scenario_parser.hpp"
#include "cli/commands/cli_config.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/scenario_selection.hpp"

namespace dq::cli {
namespace {

struct ValidateArgs {
  std::vector<std::string> paths;
  std::string prices;  // user price file: a model it prices is known
};

int validate_command(const ValidateArgs& args, std::ostream& out, std::ostream& err) {
  auto loaded = scenario::load_scenarios(args.paths);
  if (loaded.files.empty() && loaded.errors.empty()) {
    err << core::Error{scenario::errc::none, "", "no scenario files (*.yaml, *.yml) in the given paths"}
               .to_string()
        << "\n";
    return core::to_int(core::ExitCode::usage);
  }
  // A model without a price is an error here as in run and estimate: it would cost an unknown amount.
  auto prices = load_prices(args.prices, err);
  if (!prices) return core::to_int(core::ExitCode::usage);
  apply_judge_default(loaded.scenarios, cli_config());
  for (auto& e : unknown_model_errors(loaded.scenarios, *prices)) loaded.errors.push_back(std::move(e));
  std::size_t valid = 0;
  for (const auto& s : loaded.scenarios) {
    const bool bad = std::any_of(loaded.errors.begin(), loaded.errors.end(), [&](const core::Error& e) {
      return e.where.starts_with(s.where.file + ":");
    });
    if (bad) continue;
    ++valid;
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
  out << valid << (valid == 1 ? " scenario" : " scenarios") << " valid\n";
  return core::to_int(core::ExitCode::ok);
}

}  // namespace

Handler define_validate(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  auto* cmd = app.add_subcommand("validate", "Check scenario files without running anything");
  cmd->add_option("paths", args->paths, "Scenario files or directories")->required();
  cmd->add_option("--prices", args->prices,
                  "Price file overriding the built-in table (its models are known)");
  return [args, cmd](std::ostream& out, std::ostream& err) -> std::optional<int> {
    if (!*cmd) return std::nullopt;
    return validate_command(*args, out, err);
  };
}

}  // namespace dq::cli
