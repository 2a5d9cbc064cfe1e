#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "bot/core/exit_code.hpp"
#include "cli/commands/calibration.hpp"
#include "cli/commands/cli_checks.hpp"
#include "cli/commands/cli_config.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/scenario_selection.hpp"
#include "cli/harness/call_planner.hpp"

namespace dq::cli {
namespace {

struct EstimateArgs {
  std::vector<std::string> paths;
  std::string filter;
  std::string prices;  // user price file, overrides the built-in table
  std::string format = "text";
  std::string cassette_dir = "recordings";  // recorded usage calibrates the estimate
  int repeat = 1;                           // as `run --repeat`
};

int estimate_command(const EstimateArgs& args, std::ostream& out, std::ostream& err) {
  auto inputs = load_inputs(args.paths, args.filter, args.prices, err);
  if (!inputs) return core::to_int(core::ExitCode::usage);
  const cost::Calibration calibration = calibration_from_recordings(inputs->scenarios, args.cassette_dir);
  const cost::Estimate e =
      harness::estimate_scenarios(inputs->scenarios, inputs->prices.table, calibration, args.repeat);
  out << (args.format == "json" ? cost::estimate_json(e) : cost::estimate_text(e));
  if (args.format != "json") out << calibration_line(calibration) << prices_line(inputs->prices, e);
  return core::to_int(core::ExitCode::ok);
}

}  // namespace

Handler define_estimate(CLI::App& app) {
  auto args = std::make_shared<EstimateArgs>();
  auto* cmd = app.add_subcommand("estimate", "Print what a live run would cost, without running it");
  cmd->add_option("paths", args->paths, "Scenario files or directories (default: scenarios/)");
  cmd->add_option("--filter", args->filter, "Only scenarios whose id matches this glob");
  cmd->add_option("--prices", args->prices, "Price file overriding the built-in table");
  cmd->add_option("--repeat", args->repeat, "Each scenario N times, as `run --repeat N`")
      ->check(between(1, 100))
      ->capture_default_str();
  auto* cassette_dir = cmd->add_option("--cassette-dir", args->cassette_dir,
                                       "Recordings whose usage calibrates the estimate (`cassette_dir` in "
                                       "the config file replaces the default)")
                           ->capture_default_str();
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  return [args, cmd, cassette_dir](std::ostream& out, std::ostream& err) -> std::optional<int> {
    if (!*cmd) return std::nullopt;
    if (cassette_dir->count() == 0 && cli_config().cassette_dir)
      args->cassette_dir = *cli_config().cassette_dir;
    return estimate_command(*args, out, err);
  };
}

}  // namespace dq::cli
