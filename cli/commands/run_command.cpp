// `dealquest-test run`: plan (the estimate, and for live the typed confirmation), open the runtime for the
// mode, run the scenarios through the harness, finish the run row, render.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <ostream>

#include "bot/cassette/cassette_errors.hpp"
#include "bot/core/exit_code.hpp"
#include "bot/cost/confirmation.hpp"
#include "bot/cost/cost_errors.hpp"
#include "bot/query/pass_rates.hpp"
#include "bot/runtime/runtime.hpp"
#include "bot/store/open_trace_store.hpp"
#include "bot/trace/trace_errors.hpp"
#include "cli/commands/calibration.hpp"
#include "cli/commands/cli_checks.hpp"
#include "cli/commands/cli_config.hpp"
#include "cli/commands/cli_errors.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/junit_file.hpp"
#include "cli/commands/scenario_selection.hpp"
#include "cli/commands/status_line.hpp"
#include "cli/commands/terminal.hpp"
#include "cli/harness/call_planner.hpp"
#include "cli/harness/llm_tally.hpp"
#include "cli/harness/runner.hpp"
#include "cli/render/run_output.hpp"

namespace dq::cli {
namespace {

using core::ExitCode;
using core::to_int;

struct RunArgs {
  std::vector<std::string> paths;  // default: scenarios/
  bool dry_run = false;
  bool replay = false;
  bool live = false;
  std::string filter;  // glob on scenario ids
  int concurrency = 4;
  int repeat = 1;                       // each scenario this many times
  std::optional<double> min_pass_rate;  // with it, pass rates decide the exit code
  std::string store;                    // empty: $DEALQUEST_STORE, else ./dealquest.db
  std::string format = "text";
  std::string prices;                       // user price file
  std::optional<std::string> confirm_cost;  // live without a terminal: the worst case, as printed
  std::optional<double> max_cost;           // budget cap in USD
  std::string record;                       // live: "missing" | "all" writes cassettes
  std::string cassette_dir = "recordings";  // where --record writes and --replay reads
  std::string replay_speed = "instant";     // "instant" | "recorded"
  std::vector<std::string> ignore_fields;   // request JSON paths left out of cassette matching
  std::string junit;                        // JUnit XML file written after the run, whatever its outcome
};

core::Mode mode_of(const RunArgs& a) {
  if (a.live) return a.record.empty() ? core::Mode::live : core::Mode::record;
  return a.replay ? core::Mode::replay : core::Mode::dry_run;
}

std::string usd(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.4f", v);
  return buf;
}

// What the run works on, decided before anything is opened: the scenarios, the prices, what it would cost.
struct Plan {
  core::Mode mode;
  std::vector<scenario::Scenario> scenarios;
  cost::PriceTable prices;
  cost::Estimate estimate;
};

// What a live run of the plan would cost: the full table before replay and live runs (BRIEF §3), one line
// before a dry run, which costs nothing (`dealquest-test estimate` prints the table).
void print_estimate(core::Mode mode, const cost::Estimate& e, const std::string& prices,
                    const cost::Calibration& calibration, std::ostream& out) {
  if (mode == core::Mode::dry_run) {
    out << "a live run would cost about " << usd(e.expected_usd) << " (worst case $"
        << cost::format_confirmation_amount(e.worst_usd)
        << "); `dealquest-test estimate` shows the table\n\n";
    return;
  }
  out << cost::estimate_text(e) << calibration_line(calibration) << prices << "\n";
}

// Replay reads recordings from --cassette-dir, relative to the current directory: a directory that is not
// there is a usage error said up front, never a run of "stale" scenarios.
bool cassette_dir_exists(const RunArgs& args, std::ostream& err) {
  std::error_code ec;
  if (std::filesystem::is_directory(args.cassette_dir, ec)) return true;
  err << no_recordings_error(args.cassette_dir).to_string() << "\n";
  return false;
}

// Writes a scenario's cassette once its last repetition is done, and only when every repetition ran to its
// end (passed, or failed on a check): an interrupted, budget-stopped or errored scenario leaves the old
// file byte-identical, and the run says so.
class CassetteKeeper {
 public:
  CassetteKeeper(runtime::LlmStack& llm, int repeat, std::ostream& notices)
      : llm_(llm), repeat_(std::max(1, repeat)), notices_(notices) {}

  core::Result<void> scenario_done(const harness::ScenarioOutcome& s) {
    const auto path = llm_.recorded_cassette(s.row.scenario);
    if (!path) return {};
    Tally& t = tallies_[s.row.scenario];
    ++t.done;
    const bool ran_to_end = (s.row.status == "passed" || s.row.status == "failed") && !s.error;
    if (!ran_to_end && t.why_not.empty()) t.why_not = s.row.status;
    if (t.done < repeat_) return {};
    if (t.why_not.empty()) return llm_.scenario_done(s.row.scenario);
    notices_ << *path << " left as it was: scenario " << s.row.scenario << " did not run to its end ("
             << t.why_not << "), so what it recorded was not saved\n"
             << std::flush;
    return {};
  }

 private:
  struct Tally {
    int done = 0;
    std::string why_not;  // the status of the first repetition that did not run to its end
  };
  runtime::LlmStack& llm_;
  int repeat_;
  std::ostream& notices_;
  std::map<std::string, Tally> tallies_;
};

// Live mode may spend money only after the person typed the worst case (or passed it with --confirm-cost),
// never when CI is set. Returns false (after saying why) when the run must not start.
bool confirm_live(const RunArgs& args, const cost::Estimate& estimate, std::ostream& out, std::ostream& err) {
  if (!estimate.unknown_models.empty()) {
    for (const auto& m : estimate.unknown_models)
      err << core::Error{cost::errc::unknown_model, m,
                         "not in the price table; add it with --prices FILE (a live call is never priced at "
                         "$0)"}
                 .to_string()
          << "\n";
    return false;
  }
  const std::string amount = cost::format_confirmation_amount(estimate.worst_usd);
  const char* ci = std::getenv("CI");
  auto allowed =
      cost::check_live_allowed(ci != nullptr && *ci != '\0', isatty(0) == 1, args.confirm_cost, amount);
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
    err << core::Error{cost::errc::not_confirmed, "",
                       "you typed '" + typed + "', not " + amount + "; aborted, nothing was sent"}
               .to_string()
        << "\n";
    return false;
  }
  return true;
}

// Every run starts with what it would cost live (per scenario, per model, expected and worst case).
std::optional<Plan> plan_run(const RunArgs& args, std::ostream& out, std::ostream& err) {
  const core::Mode mode = mode_of(args);
  auto inputs = load_inputs(args.paths, args.filter, args.prices, err);
  if (!inputs) return std::nullopt;
  if (mode == core::Mode::replay && !cassette_dir_exists(args, err)) return std::nullopt;
  const cost::Calibration calibration = calibration_from_recordings(inputs->scenarios, args.cassette_dir);
  cost::Estimate estimate =
      harness::estimate_scenarios(inputs->scenarios, inputs->prices.table, calibration, args.repeat);
  if (args.format == "text")
    print_estimate(mode, estimate, prices_line(inputs->prices, estimate), calibration, out);
  if (core::is_live(mode) && !confirm_live(args, estimate, out, err)) return std::nullopt;
  return Plan{mode, std::move(inputs->scenarios), std::move(inputs->prices.table), std::move(estimate)};
}

runtime::RuntimeOptions runtime_options(const RunArgs& args, const Plan& plan) {
  runtime::RuntimeOptions o;
  o.llm.mode = plan.mode;
  o.llm.record = args.record == "all" ? cassette::RecordMode::all : cassette::RecordMode::missing;
  o.llm.replay_speed =
      args.replay_speed == "recorded" ? cassette::ReplaySpeed::recorded : cassette::ReplaySpeed::instant;
  o.llm.cassette_dir = args.cassette_dir;
  o.llm.ignore_fields = args.ignore_fields;
  // Without --max-cost the cap is the config file's max_cost, else the amount the person approved: the worst
  // case.
  o.llm.cap_usd = args.max_cost;
  if (!o.llm.cap_usd && core::is_live(plan.mode)) o.llm.cap_usd = cli_config().max_cost;
  if (!o.llm.cap_usd && core::is_live(plan.mode))
    o.llm.cap_usd = std::stod(cost::format_confirmation_amount(plan.estimate.worst_usd));
  o.store_path = resolve_store_path(args.store);
  o.io_sample = cli_config().retention.io_sample.value_or(1.0);
  o.run_mode = std::string(core::to_string(plan.mode));
  o.scenarios = static_cast<int>(plan.scenarios.size());
  return o;
}

std::string run_status(const render::RunSummary& s, const harness::RunOutcome& o) {
  if (s.was_interrupted) return "interrupted";
  if (o.budget_stopped) return "budget_exceeded";
  if (s.errors) return "error";
  if (s.failed) return "failed";
  return "passed";
}

// With --min-pass-rate R a scenario passes when at least R of its repetitions passed; without it, when all
// did.
ExitCode exit_code_for(const render::RunSummary& s, const harness::RunOutcome& o, bool store_failed,
                       const std::optional<double>& min_pass_rate, const query::PassRates& rates) {
  if (s.was_interrupted) return ExitCode::interrupted;
  if (o.budget_stopped) return ExitCode::checks_failed;  // stopped cleanly, not everything was checked
  if (s.errors || store_failed) return ExitCode::infrastructure;
  if (!min_pass_rate) return s.failed ? ExitCode::checks_failed : ExitCode::ok;
  for (const auto& r : rates.scenarios)
    if (r.rate() < *min_pass_rate) return ExitCode::checks_failed;
  return ExitCode::ok;
}

query::PassRates rates_of(const harness::RunOutcome& o) {
  std::vector<query::ScenarioRow> rows;
  std::vector<query::CheckRow> checks;
  for (const auto& s : o.scenarios) {
    if (s.row.status == "not_run") continue;
    rows.push_back(s.row);
    checks.insert(checks.end(), s.checks.begin(), s.checks.end());
  }
  return query::pass_rates(rows, checks);
}

void print_totals(const Plan& plan, const render::RunSummary& summary, const harness::RunOutcome& outcome,
                  const render::Style& style, std::ostream& out) {
  out << render::summary_text(summary, style);
  out << "cost: estimated " << usd(plan.estimate.expected_usd) << " (worst case "
      << usd(plan.estimate.worst_usd) << "), actual " << usd(summary.cost_usd)
      << (plan.mode == core::Mode::dry_run ? " (dry-run: nothing was spent)"
          : plan.mode == core::Mode::replay
              ? " (replayed: what the recorded calls cost; nothing was spent now)"
              : "")
      << "\n";
  if (!outcome.budget_stopped) return;
  std::string not_started;
  for (const auto& s : outcome.scenarios)
    if (s.row.status == "not_run")
      not_started += (not_started.empty() ? "" : ", ") + s.row.scenario +
                     (s.row.repetition > 1 ? " #" + std::to_string(s.row.repetition) : "");
  out << style.yellow("stopped by the budget cap: " + usd(summary.cost_usd) +
                      " spent in all, counting the calls that were in flight when the cap was reached")
      << "\n  the call that was refused: " << outcome.stop_reason << "\n";
  if (!not_started.empty()) out << "  not started: " << not_started << "\n";
}

int run_command(const RunArgs& args, std::ostream& out, std::ostream& err) {
  if (!args.record.empty() && !args.live) {
    err << core::Error{errc::usage, "", "--record goes with --live (recording needs real answers)"}
               .to_string()
        << "\n";
    return to_int(ExitCode::usage);
  }
  if (!args.junit.empty()) {
    if (auto writable = check_junit_target(args.junit); !writable) {
      err << writable.error().to_string() << "\n";
      return to_int(ExitCode::usage);
    }
  }
  const bool text = args.format == "text";
  auto plan = plan_run(args, out, err);
  if (!plan) return to_int(ExitCode::usage);

  const core::Clock& clock = core::SystemClock::instance();
  auto opened = runtime::Runtime::open(runtime_options(args, *plan), plan->scenarios, plan->prices,
                                       llm::process_env(), clock);
  if (!opened) {
    err << opened.error().error.to_string() << "\n";
    return to_int(opened.error().exit);
  }
  runtime::Runtime& rt = **opened;
  query::RunRow& run = rt.run();
  // The estimate becomes data before the first call, so `report` can set the actuals next to it.
  bool store_failed = false;
  if (auto stored = rt.store().record_estimate(run.run_id, harness::estimate_rows(plan->estimate)); !stored) {
    err << stored.error().to_string() << "\n";
    store_failed = true;
  }
  const render::Style style = terminal_style(1);
  if (text) {
    out << "dealquest-test run " << run.run_id << " · " << run.mode << " · " << plan->scenarios.size()
        << (plan->scenarios.size() == 1 ? " scenario" : " scenarios") << " · concurrency " << args.concurrency
        << " · store " << rt.store_path() << "\n\n"
        << std::flush;
  }

  const std::int64_t start_ns = clock.steady_ns();
  harness::LlmTally tally;
  harness::RunnerDeps deps{clock, &rt.tracer(), harness::tallying(rt.llm().factory(), tally)};
  // Written on the loop thread as scenarios finish, read by the status line's thread.
  std::atomic<int> done = 0, passed = 0, failed = 0;
  const int total = static_cast<int>(plan->scenarios.size()) * args.repeat;
  const std::optional<double> cap = rt.llm().options().cap_usd;
  StatusLine status_line(
      out, text && live_status_wanted(isatty(1) == 1, std::getenv("NO_COLOR"), std::getenv("TERM")),
      [&] {
        return render::LiveCounts{done.load(),   total,
                                  passed.load(), failed.load(),
                                  tally.calls(), tally.cost_usd(),
                                  cap,           (clock.steady_ns() - start_ns) / 1000};
      },
      std::chrono::milliseconds(200), terminal_columns(1));
  harness::RunOptions options;
  options.run_id = run.run_id;
  options.mode = plan->mode;
  options.concurrency = args.concurrency;
  options.repeat = args.repeat;
  // A replay that no longer matches its recording is a failed scenario (exit 1): the prompts changed.
  if (plan->mode == core::Mode::replay)
    options.failure_codes = {std::string(cassette::errc::no_match), std::string(cassette::errc::not_found)};
  options.on_interrupt = [&err, &status_line] {
    status_line.print_above(
        err,
        "interrupted: no new scenario or turn starts; the calls in flight finish (Ctrl-C again "
        "to end them now)\n");
  };
  options.cancel_in_flight = [&rt] { rt.llm().cancel_all(); };

  CassetteKeeper cassettes(rt.llm(), args.repeat, err);
  auto on_done = [&](const harness::ScenarioOutcome& s) {
    auto saved = rt.store().record_scenario(run.run_id, s.row, s.checks);
    if (!saved && !store_failed) status_line.print_above(err, saved.error().to_string() + "\n");
    auto written = cassettes.scenario_done(s);
    if (!written) status_line.print_above(err, written.error().to_string() + "\n");
    store_failed = store_failed || !saved || !written;
    ++done;
    if (s.row.status == "passed") ++passed;
    if (s.row.status == "failed" || s.row.status == "error") ++failed;
    if (text) status_line.print_above(out, render::scenario_lines(s, style));
  };

  harness::RunOutcome outcome;
  try {
    outcome = harness::run_scenarios(rt.io(), plan->scenarios, options, deps, on_done);
    status_line.stop();
  } catch (const std::exception& e) {
    status_line.stop();
    err << core::Error{errc::internal, "", e.what()}.to_string() << "\n";
    run.note = std::string("internal error: ") + e.what();
    rt.finish("error");
    return to_int(ExitCode::infrastructure);
  }

  render::RunSummary summary = render::summarize(outcome);
  run.passed = summary.passed;
  run.failed = summary.failed + summary.errors;
  run.note = "estimate: expected " + usd(plan->estimate.expected_usd) + ", worst " +
             usd(plan->estimate.worst_usd) + "; actual " + usd(summary.cost_usd);
  if (summary.was_interrupted) run.note += "; interrupted by a signal: unfinished scenarios were not started";
  if (outcome.budget_stopped) run.note += "; stopped by the budget cap: " + outcome.stop_reason;
  const std::string status = run_status(summary, outcome);
  const runtime::Finished& finished = rt.finish(status);
  summary.run_id = run.run_id;
  summary.mode = run.mode;
  summary.store = rt.store_path();
  summary.dropped_spans = finished.spans_dropped;
  summary.spans_written = finished.spans_written;
  summary.wall_us = (clock.steady_ns() - start_ns) / 1000;
  if (finished.write_failed) {
    err << core::Error{trace::errc::write_failed, "",
                       std::to_string(finished.write_failed) +
                           " spans could not be written: " + finished.write_error}
               .to_string()
        << "\n";
  }
  if (!finished.stored) err << finished.store_error << "\n";
  store_failed = store_failed || finished.write_failed > 0 || !finished.stored;

  const query::PassRates rates = rates_of(outcome);
  if (text) {
    if (args.repeat > 1 || args.min_pass_rate)
      out << render::pass_rates_text(rates, args.min_pass_rate, style)
          << render::latency_spread_text(outcome);
    print_totals(*plan, summary, outcome, style, out);
  } else {
    out << render::run_json(outcome, summary, rates);
  }
  ExitCode code = exit_code_for(summary, outcome, store_failed, args.min_pass_rate, rates);
  if (!args.junit.empty()) {
    auto written = write_junit_file(args.junit, outcome,
                                    {run.run_id, run.mode, status, run.started_ms, summary.wall_us});
    if (!written) err << written.error().to_string() << "\n";
    if (!written && code != ExitCode::interrupted) code = ExitCode::infrastructure;
  }
  return to_int(code);
}

}  // namespace

Handler define_run(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand("run", "Run scenarios and check their expectations");
  cmd->add_option("paths", args->paths, "Scenario files or directories (default: scenarios/)");
  auto* mode = cmd->add_option_group("mode", "How LLM calls are answered (choose one)");
  mode->add_flag("--dry-run", args->dry_run, "Mocked LLM: zero cost, no network");
  mode->add_flag("--replay", args->replay, "Recorded LLM responses from recordings/");
  mode->add_flag("--live", args->live, "Real providers (asks for a typed cost confirmation)");
  mode->require_option(1);
  cmd->add_option("--filter", args->filter, "Only scenarios whose id matches this glob");
  auto* concurrency = cmd->add_option("--concurrency", args->concurrency,
                                      "Scenarios run at once on the event loop (`concurrency` in the config "
                                      "file replaces the default)")
                          ->check(between(1, 1000))
                          ->capture_default_str();
  cmd->add_option("--repeat", args->repeat, "Run each scenario N times (LLM output varies); pass rates shown")
      ->check(between(1, 100))
      ->capture_default_str();
  cmd->add_option("--min-pass-rate", args->min_pass_rate,
                  "Fail (exit 1) when a scenario passes in fewer than this share of its repetitions (0-1)")
      ->check(between(0.0, 1.0));
  cmd->add_option(
      "--store", args->store,
      "Trace store (default: $DEALQUEST_STORE, else `store` in the config file, else ./dealquest.db)");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--prices", args->prices, "Price file overriding the built-in table (same JSON format)");
  cmd->add_option("--confirm-cost", args->confirm_cost,
                  "Live without a terminal: the worst-case amount the estimate printed, to approve it");
  cmd->add_option(
         "--max-cost", args->max_cost,
         "Budget cap in USD (live; default: max_cost in the config file, else the approved worst case)")
      ->check(greater_than_zero());
  cmd->add_option("--record", args->record,
                  "With --live: write cassettes (missing: only what is not recorded)")
      ->check(CLI::IsMember({"missing", "all"}));
  auto* cassette_dir = cmd->add_option("--cassette-dir", args->cassette_dir,
                                       "Cassette directory for --record and --replay (`cassette_dir` in the "
                                       "config file replaces the default)")
                           ->capture_default_str();
  cmd->add_option(
      "--ignore-field", args->ignore_fields,
      "Request JSON path (dotted, e.g. metadata.user_id) left out of cassette matching; repeatable");
  cmd->add_option("--junit", args->junit,
                  "Also write the run as JUnit XML to FILE (for CI), whatever the outcome");
  cmd->add_option("--replay-speed", args->replay_speed, "Replay instantly or at the recorded latency")
      ->check(CLI::IsMember({"instant", "recorded"}))
      ->capture_default_str();
  return [args, cmd, concurrency, cassette_dir](std::ostream& out, std::ostream& err) -> std::optional<int> {
    if (!*cmd) return std::nullopt;
    // The config file's defaults, under the flags (store and prices resolve in resolve_store_path and
    // load_prices; max_cost in runtime_options, being optional).
    const CliConfig& config = cli_config();
    if (concurrency->count() == 0 && config.concurrency) args->concurrency = *config.concurrency;
    if (cassette_dir->count() == 0 && config.cassette_dir) args->cassette_dir = *config.cassette_dir;
    return run_command(*args, out, err);
  };
}

}  // namespace dq::cli
