#include <CLI/CLI.hpp>
#include <iostream>

#include "bot/core/exit_code.hpp"
#include "cli/commands/commands.hpp"

namespace dq::cli {

int cli_main(int argc, char** argv) {
  CLI::App app{
      "dealquest-test: run negotiation scenarios through the dealquest bot's pipeline, check every turn, "
      "and report per-step timing, tokens and cost"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "dealquest-test 0.1.0");

  RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "Run scenarios and check their expectations");
  run_cmd->add_option("paths", run.paths, "Scenario files or directories (default: scenarios/)");
  auto* mode = run_cmd->add_option_group("mode", "How LLM calls are answered (choose one)");
  mode->add_flag("--dry-run", run.dry_run, "Mocked LLM: zero cost, no network");
  mode->add_flag("--replay", run.replay, "Recorded LLM responses from recordings/");
  mode->add_flag("--live", run.live, "Real providers (asks for a typed cost confirmation)");
  mode->require_option(1);
  run_cmd->add_option("--filter", run.filter, "Only scenarios whose id matches this glob");
  run_cmd->add_option("--concurrency", run.concurrency, "Scenarios run at once on the event loop")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  run_cmd->add_option("--store", run.store, "Trace store (default: $DEALQUEST_STORE or ./dealquest.db)");
  run_cmd->add_option("--format", run.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  run_cmd->add_option("--prices", run.prices, "Price file overriding the built-in table (same JSON format)");
  run_cmd->add_option("--confirm-cost", run.confirm_cost,
                      "Live without a terminal: the worst-case amount the estimate printed, to approve it");
  run_cmd->add_option("--max-cost", run.max_cost, "Budget cap in USD (live; default: the approved worst case)")
      ->check(CLI::PositiveNumber);
  run_cmd->add_option("--record", run.record, "With --live: write cassettes (missing: only what is not recorded)")
      ->check(CLI::IsMember({"missing", "all"}));
  run_cmd->add_option("--cassette-dir", run.cassette_dir, "Cassette directory for --record and --replay")
      ->capture_default_str();
  run_cmd->add_option("--ignore-field", run.ignore_fields,
                      "Request JSON path (dotted, e.g. metadata.user_id) left out of cassette matching; repeatable");
  run_cmd->add_option("--replay-speed", run.replay_speed, "Replay instantly or at the recorded latency")
      ->check(CLI::IsMember({"instant", "recorded"}))
      ->capture_default_str();

  EstimateArgs estimate;
  auto* estimate_cmd = app.add_subcommand("estimate", "Print what a live run would cost, without running it");
  estimate_cmd->add_option("paths", estimate.paths, "Scenario files or directories (default: scenarios/)");
  estimate_cmd->add_option("--filter", estimate.filter, "Only scenarios whose id matches this glob");
  estimate_cmd->add_option("--prices", estimate.prices, "Price file overriding the built-in table");
  estimate_cmd->add_option("--cassette-dir", estimate.cassette_dir, "Recordings whose usage calibrates the estimate")
      ->capture_default_str();
  estimate_cmd->add_option("--format", estimate.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  CassettesArgs cassettes;
  auto* cassettes_cmd = app.add_subcommand("cassettes", "Work with the recordings in recordings/");
  cassettes_cmd->require_subcommand(1);
  auto* check_cmd = cassettes_cmd->add_subcommand(
      "check", "List recordings the current scenarios and prompts no longer match, and what re-recording costs");
  check_cmd->add_option("paths", cassettes.paths, "Scenario files or directories (default: scenarios/)");
  check_cmd->add_option("--filter", cassettes.filter, "Only scenarios whose id matches this glob");
  check_cmd->add_option("--cassette-dir", cassettes.cassette_dir, "Where the cassettes are")->capture_default_str();
  check_cmd->add_option("--prices", cassettes.prices, "Price file overriding the built-in table");
  check_cmd->add_option("--ignore-field", cassettes.ignore_fields, "Request JSON path left out of matching; repeatable");

  ValidateArgs validate;
  auto* validate_cmd = app.add_subcommand("validate", "Check scenario files without running anything");
  validate_cmd->add_option("paths", validate.paths, "Scenario files or directories")->required();

  ReportArgs report;
  auto* report_cmd = app.add_subcommand("report", "Show a run's results, step latencies, tokens and cost");
  report_cmd->add_option("--run", report.run_id, "Run id (default: the latest run)");
  report_cmd->add_option("--store", report.store,
                         "Trace store (default: $DEALQUEST_STORE or ./dealquest.db)");
  report_cmd->add_option("--format", report.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  report_cmd->add_flag("--traces", report.traces, "List the newest traces (harness runs and bot traffic), 10 per page");
  report_cmd->add_option("--page", report.page, "With --traces: which page")->check(CLI::PositiveNumber);
  report_cmd->add_option("--trace", report.trace_id, "Show one trace's step waterfall (id or 8+ digit prefix)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e, std::cout, std::cerr);
    return rc == 0 ? 0 : core::to_int(core::ExitCode::usage);
  }

  if (*run_cmd) return run_command(run, std::cout, std::cerr);
  if (*validate_cmd) return validate_command(validate, std::cout, std::cerr);
  if (*estimate_cmd) return estimate_command(estimate, std::cout, std::cerr);
  if (*check_cmd) return cassettes_check_command(cassettes, std::cout, std::cerr);
  if (*report_cmd) return report_command(report, std::cout, std::cerr);
  return core::to_int(core::ExitCode::usage);
}

}  // namespace dq::cli
