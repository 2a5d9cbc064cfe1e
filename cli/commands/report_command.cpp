#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "bot/admin/admin_views.hpp"
#include "bot/core/exit_code.hpp"
#include "bot/pipeline/steps.hpp"
#include "bot/query/query_errors.hpp"
#include "bot/query/run_compare.hpp"
#include "bot/query/run_report.hpp"
#include "bot/query/slowest_traces.hpp"
#include "bot/query/trace_views.hpp"
#include "bot/runtime/process_owner.hpp"
#include "bot/store/open_trace_store.hpp"
#include "bot/telegram/telegram_text.hpp"
#include "cli/commands/cli_checks.hpp"
#include "cli/commands/cli_config.hpp"
#include "cli/commands/cli_errors.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/terminal.hpp"
#include "cli/render/compare_output.hpp"
#include "cli/render/html_report.hpp"
#include "cli/render/markdown_report.hpp"
#include "cli/render/report_output.hpp"

namespace dq::cli {
namespace {

struct ReportArgs {
  std::string run_id;  // empty: the latest run
  std::string store;
  std::string format = "text";
  bool traces = false;  // newest traces of every kind (harness and bot), a page at a time
  int page = 1;
  bool runs = false;  // past runs, newest first
  int limit = 20;
  std::string mode;                  // with --runs: only this mode
  std::vector<std::string> compare;  // BASE [HEAD]
  query::CompareThresholds thresholds;
  std::string max_latency_increase, max_cost_increase;  // "20%" or "20"
  std::string trace_id;  // one trace's waterfall (the short id listings show, a full id, or 8+ digits of one)
};

// The same views the bot's /admin traces and /admin trace show, as plain text or JSON.
int traces_report(const ReportArgs& args, query::TraceReader& reader, std::ostream& out, std::ostream& err) {
  if (!args.trace_id.empty()) {
    auto w = query::trace_waterfall(reader, args.trace_id);
    if (!w) {
      err << w.error().to_string() << "\n";
      return core::to_int(core::ExitCode::usage);
    }
    if (!*w) {
      err << core::Error{errc::unknown_trace, "",
                         "no trace '" + args.trace_id + "'; `dealquest-test report --traces` lists them"}
                 .to_string()
          << "\n";
      return core::to_int(core::ExitCode::usage);
    }
    if (args.format == "json") {
      nlohmann::json spans = nlohmann::json::array();
      for (const auto& l : (*w)->lines)
        spans.push_back({{"depth", l.depth},
                         {"name", l.span.name},
                         {"offset_us", l.offset_us},
                         {"duration_us", l.span.duration_us},
                         {"status", l.span.status},
                         {"error", l.span.error},
                         {"model", l.span.model},
                         {"input_tokens", l.span.input_tokens},
                         {"output_tokens", l.span.output_tokens},
                         {"cost_usd", l.span.cost_usd}});
      out << nlohmann::json{{"trace_id", (*w)->trace.trace_id}, {"spans", spans}}.dump(2) << "\n";
    } else {
      out << telegram::html_to_plain(admin::render_waterfall(**w)) << "\n";
    }
    return core::to_int(core::ExitCode::ok);
  }
  auto page = query::trace_page(reader, args.page, 10);
  if (!page) {
    err << page.error().to_string() << "\n";
    return core::to_int(core::ExitCode::infrastructure);
  }
  if (args.format == "json") {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& t : page->rows)
      rows.push_back({{"trace_id", t.trace_id},
                      {"short_id", query::short_trace_id(t.trace_id)},
                      {"run_id", t.run_id},
                      {"pipeline", t.pipeline},
                      {"scenario", t.scenario},
                      {"turn", t.turn},
                      {"user_id", t.user_id},
                      {"chat_id", t.chat_id},
                      {"start_ms", t.start_ms},
                      {"duration_us", t.duration_us},
                      {"status", t.status}});
    out << nlohmann::json{{"page", page->page},
                          {"pages", page->pages},
                          {"total", page->total},
                          {"traces", rows}}
               .dump(2)
        << "\n";
  } else {
    out << telegram::html_to_plain(admin::render_trace_page(*page)) << "\n";
  }
  return core::to_int(core::ExitCode::ok);
}

// "20%" or "20" -> 20; nullopt (after saying why) for anything else.
std::optional<double> percent_of(const std::string& flag, const std::string& text, std::ostream& err) {
  std::string digits = text;
  if (digits.ends_with('%')) digits.pop_back();
  char* end = nullptr;
  const double v = std::strtod(digits.c_str(), &end);
  if (digits.empty() || end != digits.c_str() + digits.size() || !(v >= 0)) {
    err << core::Error{errc::bad_argument, flag, "expected a percentage such as 20%, got '" + text + "'"}
               .to_string()
        << "\n";
    return std::nullopt;
  }
  return v;
}

// `--runs`: past runs, newest first.
int runs_report(const ReportArgs& args, query::TraceReader& reader, std::ostream& out, std::ostream& err) {
  auto runs = reader.runs(args.limit, args.mode);
  if (!runs) {
    err << runs.error().to_string() << "\n";
    return core::to_int(core::ExitCode::infrastructure);
  }
  out << (args.format == "json" ? render::runs_json(*runs) : render::runs_text(*runs, terminal_style(1)));
  return core::to_int(core::ExitCode::ok);
}

// `--compare BASE [HEAD]`: the CI gate. Exit 1 when a threshold is crossed or a check newly fails.
int compare_report(const ReportArgs& args, query::TraceReader& reader, const std::vector<std::string>& order,
                   std::ostream& out, std::ostream& err) {
  query::CompareThresholds t = args.thresholds;
  // flag > config file (`compare:`) > built-in
  if (const auto& file = cli_config().compare; file.max_latency_increase_pct)
    t.max_latency_increase_pct = *file.max_latency_increase_pct;
  if (const auto& file = cli_config().compare; file.max_cost_increase_pct)
    t.max_cost_increase_pct = *file.max_cost_increase_pct;
  if (!args.max_latency_increase.empty()) {
    auto v = percent_of("--max-latency-increase", args.max_latency_increase, err);
    if (!v) return core::to_int(core::ExitCode::usage);
    t.max_latency_increase_pct = *v;
  }
  if (!args.max_cost_increase.empty()) {
    auto v = percent_of("--max-cost-increase", args.max_cost_increase, err);
    if (!v) return core::to_int(core::ExitCode::usage);
    t.max_cost_increase_pct = *v;
  }
  auto runs =
      query::resolve_comparison(reader, args.compare[0], args.compare.size() > 1 ? args.compare[1] : "");
  auto fail = [&](const core::Error& e) {
    err << e.to_string() << "\n";
    const bool input =
        e.is(query::errc::no_runs) || e.is(query::errc::unknown_run) || e.is(query::errc::ambiguous_run);
    return core::to_int(input ? core::ExitCode::usage : core::ExitCode::infrastructure);
  };
  if (!runs) return fail(runs.error());
  auto base = query::build_run_report(reader, runs->first.run_id, order);
  if (!base) return fail(base.error());
  auto head = query::build_run_report(reader, runs->second.run_id, order);
  if (!head) return fail(head.error());
  const query::RunComparison c = query::compare_runs(*base, *head, t);
  if (args.format == "json")
    out << render::compare_json(c);
  else if (args.format == "markdown")
    out << render::markdown_compare(c);
  else if (args.format == "html")
    out << render::html_compare(*base, *head, c);
  else
    out << render::compare_text(c, terminal_style(1));
  return core::to_int(c.gate_failed() ? core::ExitCode::checks_failed : core::ExitCode::ok);
}

// One run's report in the format asked for; html also reads the slowest trace of each scenario.
int one_run_report(const ReportArgs& args, query::TraceReader& reader, const std::vector<std::string>& order,
                   std::ostream& out, std::ostream& err) {
  auto report = query::build_run_report(reader, args.run_id, order);
  if (!report) {
    err << report.error().to_string() << "\n";
    const bool input_problem =
        report.error().code == query::errc::no_runs || report.error().code == query::errc::unknown_run;
    return core::to_int(input_problem ? core::ExitCode::usage : core::ExitCode::infrastructure);
  }
  if (args.format == "html") {
    auto slowest = query::slowest_waterfalls(reader, report->run.run_id);
    if (!slowest) {
      err << slowest.error().to_string() << "\n";
      return core::to_int(core::ExitCode::infrastructure);
    }
    out << render::html_report(*report, *slowest);
  } else if (args.format == "markdown") {
    out << render::markdown_report(*report);
  } else if (args.format == "json") {
    out << render::report_json(*report);
  } else {
    out << render::report_text(*report, terminal_style(1));
  }
  return core::to_int(core::ExitCode::ok);
}

// Markdown and HTML are made for one run and for a comparison; the listings are text or JSON.
bool format_fits(const ReportArgs& args, std::ostream& err) {
  const bool listing = args.traces || !args.trace_id.empty() || args.runs;
  if (!listing || args.format == "text" || args.format == "json") return true;
  err << core::Error{errc::bad_argument, "--format",
                     "--format " + args.format +
                         " is for one run's report and --compare; --runs, --traces and --trace print text or "
                         "json"}
             .to_string()
      << "\n";
  return false;
}

int report_command(const ReportArgs& args, std::ostream& out, std::ostream& err) {
  if (!format_fits(args, err)) return core::to_int(core::ExitCode::usage);
  const std::string path = resolve_store_path(args.store);
  auto store = open_existing_store(path, kNoStoreHint);
  if (!store) {
    err << store.error().to_string() << "\n";
    return open_store_exit_code(store.error());
  }
  // A run left `running` by a process that died is shown as what it is: abandoned.
  if (auto marked = (*store)->mark_abandoned_runs(runtime::process_alive); !marked)
    err << marked.error().to_string() << "\n";
  if (args.traces || !args.trace_id.empty()) return traces_report(args, **store, out, err);
  if (args.runs) return runs_report(args, **store, out, err);
  const auto names = pipeline::all_step_names();
  std::vector<std::string> order(names.begin(), names.end());
  if (!args.compare.empty()) return compare_report(args, **store, order, out, err);
  return one_run_report(args, **store, order, out, err);
}

}  // namespace

Handler define_report(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand("report", "Show a run's results, step latencies, tokens and cost");
  cmd->add_option("--run", args->run_id, "Run id (default: the latest run)");
  cmd->add_option(
      "--store", args->store,
      "Trace store (default: $DEALQUEST_STORE, else `store` in the config file, else ./dealquest.db)");
  cmd->add_option(
         "--format", args->format,
         "Output format: text, json, markdown (a pull-request comment) or html (one self-contained "
         "page with charts; redirect it to a file); markdown and html for one run and --compare only")
      ->check(CLI::IsMember({"text", "json", "markdown", "html"}))
      ->capture_default_str();
  cmd->add_flag("--traces", args->traces,
                "List the newest traces (harness runs and bot traffic), 10 per page");
  cmd->add_option("--page", args->page, "With --traces: which page")->check(greater_than_zero());
  cmd->add_option(
      "--trace", args->trace_id,
      "Show one trace's step waterfall (the 8-digit id --traces shows, or any 8+ digits of a full id)");
  cmd->add_flag("--runs", args->runs, "List past runs, newest first");
  cmd->add_option("--limit", args->limit, "With --runs: how many")
      ->check(between(1, 100000))
      ->capture_default_str();
  cmd->add_option("--mode", args->mode, "With --runs: only runs of this mode")
      ->check(CLI::IsMember({"dry-run", "replay", "live", "bot"}));
  cmd->add_option(
         "--compare", args->compare,
         "BASE [HEAD]: compare two runs (HEAD: the latest; BASE: a run id, a unique prefix, or 'previous', "
         "the latest earlier run of the same mode and scenarios); exit 1 when a threshold is crossed")
      ->expected(1, 2);
  cmd->add_option("--max-latency-increase", args->max_latency_increase,
                  "With --compare: the most a turn or step p95 may grow (default 20%; an increase under 50 "
                  "ms never counts)");
  cmd->add_option("--max-cost-increase", args->max_cost_increase,
                  "With --compare: the most a scenario's cost may grow (default 10%)");
  auto* fail_on_new_failures =
      cmd->add_option("--fail-on-new-failures", args->thresholds.fail_on_new_failures,
                      "With --compare: a check that newly fails fails the comparison (true|false)")
          ->capture_default_str();
  return [args, cmd, fail_on_new_failures](std::ostream& out, std::ostream& err) -> std::optional<int> {
    if (!*cmd) return std::nullopt;
    if (fail_on_new_failures->count() == 0 && cli_config().compare.fail_on_new_failures)
      args->thresholds.fail_on_new_failures = *cli_config().compare.fail_on_new_failures;
    return report_command(*args, out, err);
  };
}

}  // namespace dq::cli
