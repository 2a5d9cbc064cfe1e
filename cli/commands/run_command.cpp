#include <fnmatch.h>

#include <boost/asio/io_context.hpp>
#include <iostream>
#include <ostream>

#include "bot/core/clock.hpp"
#include "bot/core/exit_code.hpp"
#include "bot/core/ids.hpp"
#include "bot/pipeline/dry_run_llm.hpp"
#include "bot/store/sqlite_store.hpp"
#include "bot/trace/span_queue.hpp"
#include "bot/trace/tracer.hpp"
#include "cli/commands/commands.hpp"
#include "cli/harness/runner.hpp"
#include "cli/harness/scenario_deal.hpp"
#include "cli/render/run_output.hpp"
#include "cli/scenario/scenario_parser.hpp"

namespace dq::cli {
namespace {

using core::ExitCode;
using core::to_int;

std::vector<scenario::Scenario> apply_filter(std::vector<scenario::Scenario> all, const std::string& glob) {
  if (glob.empty()) return all;
  std::vector<scenario::Scenario> kept;
  for (auto& s : all)
    if (fnmatch(glob.c_str(), s.id.c_str(), 0) == 0) kept.push_back(std::move(s));
  return kept;
}

std::string run_status(const render::RunSummary& s) {
  if (s.was_interrupted) return "interrupted";
  if (s.errors) return "error";
  if (s.failed) return "failed";
  return "passed";
}

ExitCode exit_code_for(const render::RunSummary& s, bool store_failed) {
  if (s.was_interrupted) return ExitCode::interrupted;
  if (s.errors || store_failed) return ExitCode::infrastructure;
  if (s.failed) return ExitCode::checks_failed;
  return ExitCode::ok;
}

}  // namespace

int run_command(const RunArgs& args, std::ostream& out, std::ostream& err) {
  if (args.replay || args.live) {
    err << "[run.mode_unavailable] " << (args.replay ? "--replay" : "--live")
        << " is not available yet in this build; use --dry-run (mocked LLM, $0, no network)\n";
    return to_int(ExitCode::usage);
  }

  auto loaded =
      scenario::load_scenarios(args.paths.empty() ? std::vector<std::string>{"scenarios"} : args.paths);
  if (!loaded.errors.empty()) {
    for (const auto& e : loaded.errors) err << e.to_string() << "\n";
    err << "nothing was run: fix the scenario files above (`dealquest-test validate` checks them alone)\n";
    return to_int(ExitCode::usage);
  }
  auto scenarios = apply_filter(std::move(loaded.scenarios), args.filter);
  if (scenarios.empty()) {
    err << "[run.no_scenarios] no scenario to run"
        << (args.filter.empty() ? std::string(" in the given paths")
                                : " matches --filter '" + args.filter + "'")
        << "\n";
    return to_int(ExitCode::usage);
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
  run.mode = "dry-run";
  run.status = "running";
  run.started_ms = clock.wall_ms();
  run.scenarios = static_cast<int>(scenarios.size());
  if (auto begun = (*store)->begin_run(run); !begun) {
    err << begun.error().to_string() << "\n";
    return to_int(ExitCode::infrastructure);
  }

  const bool text = args.format == "text";
  const render::Style style = render::style_for_fd(1);
  if (text) {
    out << "dealquest-test run " << run.run_id << " · dry-run · " << scenarios.size()
        << (scenarios.size() == 1 ? " scenario" : " scenarios") << " · concurrency " << args.concurrency
        << " · store " << store_path << "\n\n";
    out.flush();
  }

  const std::int64_t start_ns = clock.steady_ns();
  trace::SpanQueue queue(**store);
  trace::Tracer tracer(clock, queue);
  harness::RunnerDeps deps{
      clock, &tracer, [](const scenario::Scenario& s) -> std::unique_ptr<llm::LlmClient> {
        return std::make_unique<pipeline::DryRunLlmClient>(harness::to_dry_run_script(s));
      }};
  harness::RunOptions options;
  options.run_id = run.run_id;
  options.mode = harness::Mode::dry_run;
  options.concurrency = args.concurrency;

  bool store_failed = false;
  auto on_done = [&](const harness::ScenarioOutcome& s) {
    if (auto saved = (*store)->record_scenario(run.run_id, s.row, s.checks); !saved) {
      if (!store_failed) err << saved.error().to_string() << "\n";
      store_failed = true;
    }
    if (text) {
      out << render::scenario_lines(s, style);
      out.flush();
    }
  };

  harness::RunOutcome outcome;
  try {
    boost::asio::io_context io(1);
    outcome = harness::run_scenarios(io, scenarios, options, deps, on_done);
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
    err << "[trace.write_failed] " << stats.write_failed
        << " spans could not be written: " << stats.last_error << "\n";
    store_failed = true;
  }

  run.status = run_status(summary);
  run.ended_ms = clock.wall_ms();
  run.passed = summary.passed;
  run.failed = summary.failed + summary.errors;
  run.dropped_spans = summary.dropped_spans;
  if (summary.was_interrupted) run.note = "interrupted by a signal: unfinished scenarios were not started";
  if (auto finished = (*store)->finish_run(run); !finished) {
    err << finished.error().to_string() << "\n";
    store_failed = true;
  }

  if (text) {
    out << render::summary_text(summary, style);
  } else {
    out << render::run_json(outcome, summary);
  }
  return to_int(exit_code_for(summary, store_failed));
}

}  // namespace dq::cli
