#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <iostream>
#include <ostream>

#include "bot/core/clock.hpp"
#include "bot/core/exit_code.hpp"
#include "bot/core/ids.hpp"
#include "bot/pipeline/dry_run_llm.hpp"
#include "bot/store/sqlite_store.hpp"
#include "bot/trace/span_queue.hpp"
#include "bot/trace/tracer.hpp"
#include "cli/commands/calibration.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/terminal.hpp"
#include "bot/llm_stack/provider_llm.hpp"
#include "cli/commands/scenario_selection.hpp"
#include "bot/cost/confirmation.hpp"
#include "cli/harness/call_planner.hpp"
#include "cli/harness/runner.hpp"
#include "bot/scenario_deal/scenario_deal.hpp"
#include "cli/render/run_output.hpp"

namespace dq::cli {
namespace {

using core::ExitCode;
using core::to_int;

std::string run_status(const render::RunSummary& s, const harness::RunOutcome& o) {
  if (s.was_interrupted) return "interrupted";
  if (o.budget_stopped) return "budget_exceeded";
  if (s.errors) return "error";
  if (s.failed) return "failed";
  return "passed";
}

ExitCode exit_code_for(const render::RunSummary& s, const harness::RunOutcome& o, bool store_failed) {
  if (s.was_interrupted) return ExitCode::interrupted;
  if (o.budget_stopped) return ExitCode::checks_failed;  // stopped cleanly, not everything was checked
  if (s.errors || store_failed) return ExitCode::infrastructure;
  if (s.failed) return ExitCode::checks_failed;
  return ExitCode::ok;
}

std::string usd(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.4f", v);
  return buf;
}

// Live mode may spend money only after the person typed the worst case (or passed it with --confirm-cost),
// never when CI is set. Returns false (after saying why) when the run must not start.
bool confirm_live(const RunArgs& args, const cost::Estimate& estimate, std::ostream& out, std::ostream& err) {
  if (!estimate.unknown_models.empty()) {
    for (const auto& m : estimate.unknown_models)
      err << "[cost.unknown_model] " << m << ": not in the price table; add it with --prices FILE (a live call is "
          << "never priced at $0)\n";
    return false;
  }
  const std::string amount = cost::format_confirmation_amount(estimate.worst_usd);
  const char* ci = std::getenv("CI");
  auto allowed = cost::check_live_allowed(ci != nullptr && *ci != '\0', isatty(0) == 1, args.confirm_cost, amount);
  if (!allowed) {
    err << allowed.error().to_string() << "\n";
    return false;
  }
  if (args.confirm_cost) return true;
  out << "Live mode calls real providers. Type " << amount << " to approve spending up to $" << amount
      << " (anything else aborts): " << std::flush;
  std::string typed;
  std::getline(std::cin, typed);
  if (!cost::confirmation_matches(typed, amount)) {
    err << "[cost.not_confirmed] you typed '" << typed << "', not " << amount << "; aborted, nothing was sent\n";
    return false;
  }
  return true;
}

}  // namespace

int run_command(const RunArgs& args, std::ostream& out, std::ostream& err) {
  const harness::Mode mode = args.live ? harness::Mode::live : args.replay ? harness::Mode::replay : harness::Mode::dry_run;
  if (!args.record.empty() && mode != harness::Mode::live) {
    err << "[run.usage] --record goes with --live (recording needs real answers)\n";
    return to_int(ExitCode::usage);
  }
  const bool text = args.format == "text";

  auto scenarios = select_scenarios(args.paths, args.filter, err);
  if (!scenarios) return to_int(ExitCode::usage);
  auto prices = load_prices(args.prices, err);
  if (!prices) return to_int(ExitCode::usage);

  // Every run starts with what it would cost live (per scenario, per model, expected and worst case).
  const cost::Calibration calibration = calibration_from_recordings(*scenarios, args.cassette_dir);
  const cost::Estimate estimate = harness::estimate_scenarios(*scenarios, *prices, calibration);
  if (text) out << cost::estimate_text(estimate) << calibration_line(calibration) << "\n";
  if (mode == harness::Mode::live && !confirm_live(args, estimate, out, err)) return to_int(ExitCode::usage);

  boost::asio::io_context io(1);
  std::unique_ptr<llm_stack::ProviderLlm> providers;
  if (mode != harness::Mode::dry_run) {
    llm_stack::ProviderLlmOptions po;
    po.mode = mode == harness::Mode::live ? llm_stack::Mode::live : llm_stack::Mode::replay;
    po.cassette_dir = args.cassette_dir;
    po.record = args.record;
    po.recorded_speed = args.replay_speed == "recorded";
    po.ignore_fields = args.ignore_fields;
    // Without --max-cost the cap is the amount the person approved: the worst case.
    po.cap_usd = args.max_cost;
    if (!po.cap_usd) po.cap_usd = std::stod(cost::format_confirmation_amount(estimate.worst_usd));
    auto created = llm_stack::ProviderLlm::create(io, *scenarios, *prices, po, llm::process_env());
    if (!created) {
      err << created.error().to_string() << "\n";
      return to_int(ExitCode::usage);
    }
    providers = std::move(*created);
  }

  const std::string store_path = resolve_store_path(args.store);
  auto store = store::SqliteStore::open(store_path);
  if (!store) {
    err << store.error().to_string() << "\n";
    return to_int(ExitCode::infrastructure);
  }

  const core::Clock& clock = core::SystemClock::instance();
  query::RunRow run;
  run.run_id = core::new_run_id(clock.wall_ms());
  run.mode = harness::to_string(mode);
  run.status = "running";
  run.started_ms = clock.wall_ms();
  run.scenarios = static_cast<int>(scenarios->size());
  if (auto begun = (*store)->begin_run(run); !begun) {
    err << begun.error().to_string() << "\n";
    return to_int(ExitCode::infrastructure);
  }

  const render::Style style = terminal_style(1);
  if (text) {
    out << "dealquest-test run " << run.run_id << " · " << run.mode << " · " << scenarios->size()
        << (scenarios->size() == 1 ? " scenario" : " scenarios") << " · concurrency " << args.concurrency
        << " · store " << store_path << "\n\n"
        << std::flush;
  }

  const std::int64_t start_ns = clock.steady_ns();
  trace::SpanQueue queue(**store);
  trace::Tracer tracer(clock, queue);
  harness::LlmFactory factory = providers ? providers->factory()
                                     : harness::LlmFactory([](const scenario::Scenario& s) -> std::unique_ptr<llm::LlmClient> {
                                         return std::make_unique<pipeline::DryRunLlmClient>(scenario::to_dry_run_script(s));
                                       });
  harness::RunnerDeps deps{clock, &tracer, std::move(factory)};
  harness::RunOptions options;
  options.run_id = run.run_id;
  options.mode = mode;
  options.concurrency = args.concurrency;

  bool store_failed = false;
  auto on_done = [&](const harness::ScenarioOutcome& s) {
    if (auto saved = (*store)->record_scenario(run.run_id, s.row, s.checks); !saved) {
      if (!store_failed) err << saved.error().to_string() << "\n";
      store_failed = true;
    }
    if (providers) {
      if (auto written = providers->scenario_done(s.row.scenario); !written) {
        err << written.error().to_string() << "\n";
        store_failed = true;
      }
    }
    if (text) out << render::scenario_lines(s, style) << std::flush;
  };

  harness::RunOutcome outcome;
  try {
    outcome = harness::run_scenarios(io, *scenarios, options, deps, on_done);
  } catch (const std::exception& e) {
    err << "[run.internal] " << e.what() << "\n";
    queue.stop();
    run.status = "error";
    run.ended_ms = clock.wall_ms();
    run.note = std::string("internal error: ") + e.what();
    (void)(*store)->finish_run(run);
    return to_int(ExitCode::infrastructure);
  }

  queue.stop();  // drains every span still queued into the store
  const auto stats = queue.stats();
  render::RunSummary summary = render::summarize(outcome);
  summary.run_id = run.run_id;
  summary.mode = run.mode;
  summary.store = store_path;
  summary.dropped_spans = stats.dropped + stats.write_failed;
  summary.spans_written = stats.written;
  summary.wall_us = (clock.steady_ns() - start_ns) / 1000;
  if (stats.write_failed) {
    err << "[trace.write_failed] " << stats.write_failed << " spans could not be written: " << stats.last_error << "\n";
    store_failed = true;
  }

  run.status = run_status(summary, outcome);
  run.ended_ms = clock.wall_ms();
  run.passed = summary.passed;
  run.failed = summary.failed + summary.errors;
  run.dropped_spans = summary.dropped_spans;
  run.note = "estimate: expected " + usd(estimate.expected_usd) + ", worst " + usd(estimate.worst_usd) + "; actual " +
             usd(summary.cost_usd);
  if (summary.was_interrupted) run.note += "; interrupted by a signal: unfinished scenarios were not started";
  if (outcome.budget_stopped) run.note += "; stopped by the budget cap: " + outcome.stop_reason;
  if (auto finished = (*store)->finish_run(run); !finished) {
    err << finished.error().to_string() << "\n";
    store_failed = true;
  }

  if (text) {
    out << render::summary_text(summary, style);
    out << "cost: estimated " << usd(estimate.expected_usd) << " (worst case " << usd(estimate.worst_usd) << "), actual "
        << usd(summary.cost_usd)
        << (mode == harness::Mode::dry_run ? " (dry-run: nothing was spent)"
            : mode == harness::Mode::replay ? " (replayed: what the recorded calls cost; nothing was spent now)"
                                            : "")
        << "\n";
    if (outcome.budget_stopped) out << style.yellow("stopped by the budget cap: " + outcome.stop_reason) << "\n";
  } else {
    out << render::run_json(outcome, summary);
  }
  return to_int(exit_code_for(summary, outcome, store_failed));
}

}  // namespace dq::cli
