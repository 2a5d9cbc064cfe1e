#include <boost/asio/io_context.hpp>
#include <ostream>

#include "bot/core/clock.hpp"
#include "bot/core/exit_code.hpp"
#include "cli/commands/commands.hpp"
#include "bot/llm_stack/provider_llm.hpp"
#include "cli/harness/runner.hpp"
#include "cli/commands/scenario_selection.hpp"
#include "cli/harness/call_planner.hpp"

namespace dq::cli {

// Replays every scenario against its cassette (no socket, no store) and lists the ones whose recordings the
// current scenarios and prompts no longer match, with the first difference, and what re-recording costs.
int cassettes_check_command(const CassettesArgs& args, std::ostream& out, std::ostream& err) {
  auto scenarios = select_scenarios(args.paths, args.filter, err);
  if (!scenarios) return core::to_int(core::ExitCode::usage);
  auto prices = load_prices(args.prices, err);
  if (!prices) return core::to_int(core::ExitCode::usage);

  boost::asio::io_context io(1);
  llm_stack::ProviderLlmOptions options;
  options.mode = llm_stack::Mode::replay;
  options.cassette_dir = args.cassette_dir;
  options.ignore_fields = args.ignore_fields;
  auto providers = llm_stack::ProviderLlm::create(io, *scenarios, *prices, options, llm::process_env());
  if (!providers) {
    err << providers.error().to_string() << "\n";
    return core::to_int(core::ExitCode::usage);
  }
  harness::RunnerDeps deps{core::SystemClock::instance(), nullptr, (*providers)->factory()};
  harness::RunOptions run_options;
  run_options.run_id = "cassettes-check";
  run_options.mode = harness::Mode::replay;
  run_options.handle_signals = false;
  auto outcome = harness::run_scenarios(io, *scenarios, run_options, deps);

  std::vector<scenario::Scenario> stale;
  for (std::size_t i = 0; i < scenarios->size(); ++i) {
    const auto& s = outcome.scenarios[i];
    const bool miss = s.row.error.find("[cassette.") != std::string::npos;
    if (!miss && s.row.status != "error") {
      out << "fresh  " << s.row.scenario << " (" << s.llm_calls << " recorded calls replayed)\n";
      continue;
    }
    out << "STALE  " << s.row.scenario << "\n       " << s.row.error << "\n";
    stale.push_back((*scenarios)[i]);
  }
  if (stale.empty()) {
    out << "\nall " << scenarios->size() << " cassettes match the current scenarios\n";
    return core::to_int(core::ExitCode::ok);
  }
  const cost::Estimate e = harness::estimate_scenarios(stale, *prices);
  out << "\n" << stale.size() << " of " << scenarios->size() << " cassettes are stale. Re-recording them ("
      << "dealquest-test run --live --record missing) would cost:\n"
      << cost::estimate_text(e);
  return core::to_int(core::ExitCode::checks_failed);
}

}  // namespace dq::cli
