// `dealquest-test estimate`: what a live run would cost, and how far off the estimates of past runs were.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "bot/core/exit_code.hpp"
#include "bot/query/estimate_vs_actual.hpp"
#include "bot/store/open_trace_store.hpp"
#include "cli/commands/calibration.hpp"
#include "cli/commands/cli_checks.hpp"
#include "cli/commands/cli_config.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/scenario_selection.hpp"
#include "cli/harness/call_planner.hpp"
#include "cli/render/estimate_output.hpp"

namespace dq::cli {
namespace {

struct EstimateArgs {
  std::vector<std::string> paths;
  std::string filter;
  std::string prices;  // user price file, overrides the built-in table
  std::string format = "text";
  std::string cassette_dir = "recordings";  // recorded usage calibrates the estimate
  int repeat = 1;                           // as `run --repeat`
  std::string store;                        // where past runs are (as `report`)
};

// How far off the latest estimates were: live runs when there are any, else replays (what their recordings
// cost). Nothing without a store file (this never creates one) or without such runs; a store that cannot be
// read is said on stderr and does not fail the estimate.
std::optional<query::EstimateAccuracy> past_accuracy(const std::string& store_flag, std::ostream& err) {
  const std::string path = resolve_store_path(store_flag);
  std::error_code ec;
  if (!store::is_postgres_location(path) && !std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  auto store = store::open_trace_store(path);
  if (!store) {
    err << store.error().to_string() << " (past estimates left out)\n";
    return std::nullopt;
  }
  for (const char* mode : {"live", "replay"}) {
    auto runs = (*store)->runs(50, mode);
    if (!runs) {
      err << runs.error().to_string() << " (past estimates left out)\n";
      return std::nullopt;
    }
    if (auto accuracy = query::estimate_accuracy(*runs, mode)) return accuracy;
  }
  return std::nullopt;
}

nlohmann::json accuracy_json(const std::optional<query::EstimateAccuracy>& a) {
  if (!a) return nullptr;
  return {{"mode", a->mode},
          {"runs", a->runs},
          {"min_pct", a->min_pct},
          {"median_pct", a->median_pct},
          {"max_pct", a->max_pct}};
}

int estimate_command(const EstimateArgs& args, std::ostream& out, std::ostream& err) {
  auto inputs = load_inputs(args.paths, args.filter, args.prices, err);
  if (!inputs) return core::to_int(core::ExitCode::usage);
  const cost::Calibration calibration = calibration_from_recordings(inputs->scenarios, args.cassette_dir);
  const cost::Estimate e =
      harness::estimate_scenarios(inputs->scenarios, inputs->prices.table, calibration, args.repeat);
  const auto accuracy = past_accuracy(args.store, err);
  if (args.format == "json") {
    nlohmann::json j = nlohmann::json::parse(cost::estimate_json(e));
    j["past_runs"] = accuracy_json(accuracy);
    out << j.dump(2) << "\n";
    return core::to_int(core::ExitCode::ok);
  }
  out << cost::estimate_text(e) << calibration_line(calibration) << prices_line(inputs->prices, e)
      << render::estimate_accuracy_text(accuracy);
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
  cmd->add_option("--store", args->store,
                  "Trace store whose past runs say how far off estimates were (default: as `report`)");
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
