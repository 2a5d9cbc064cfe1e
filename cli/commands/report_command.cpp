#include <filesystem>
#include <ostream>

#include "bot/core/exit_code.hpp"
#include "bot/pipeline/steps.hpp"
#include "bot/query/run_report.hpp"
#include "bot/store/sqlite_store.hpp"
#include "cli/commands/commands.hpp"
#include "cli/render/report_output.hpp"

namespace dq::cli {

int report_command(const ReportArgs& args, std::ostream& out, std::ostream& err) {
  const std::string path = resolve_store_path(args.store);
  if (!std::filesystem::exists(path)) {
    err << "[report.no_store] " << path
        << ": no trace store here; run `dealquest-test run --dry-run` first, or point --store / "
           "DEALQUEST_STORE "
           "at one\n";
    return core::to_int(core::ExitCode::usage);
  }
  auto store = store::SqliteStore::open(path);
  if (!store) {
    err << store.error().to_string() << "\n";
    return core::to_int(core::ExitCode::infrastructure);
  }
  const auto names = pipeline::all_step_names();
  std::vector<std::string> order(names.begin(), names.end());
  auto report = query::build_run_report(**store, args.run_id, order);
  if (!report) {
    err << report.error().to_string() << "\n";
    const bool input_problem =
        report.error().code == "report.no_runs" || report.error().code == "report.unknown_run";
    return core::to_int(input_problem ? core::ExitCode::usage : core::ExitCode::infrastructure);
  }
  if (args.format == "json") {
    out << render::report_json(*report);
  } else {
    out << render::report_text(*report, render::style_for_fd(1));
  }
  return core::to_int(core::ExitCode::ok);
}

}  // namespace dq::cli
