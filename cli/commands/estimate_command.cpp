#include <ostream>

#include "bot/core/exit_code.hpp"
#include "cli/commands/calibration.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/scenario_selection.hpp"
#include "cli/harness/call_planner.hpp"

namespace dq::cli {

int estimate_command(const EstimateArgs& args, std::ostream& out, std::ostream& err) {
  auto scenarios = select_scenarios(args.paths, args.filter, err);
  if (!scenarios) return core::to_int(core::ExitCode::usage);
  auto prices = load_prices(args.prices, err);
  if (!prices) return core::to_int(core::ExitCode::usage);
  const cost::Calibration calibration = calibration_from_recordings(*scenarios, args.cassette_dir);
  const cost::Estimate e = harness::estimate_scenarios(*scenarios, *prices, calibration);
  out << (args.format == "json" ? cost::estimate_json(e) : cost::estimate_text(e));
  if (args.format != "json") out << calibration_line(calibration);
  return core::to_int(core::ExitCode::ok);
}

}  // namespace dq::cli
