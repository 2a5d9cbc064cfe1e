#pragma once
// The subcommands of dealquest-test, each a function of its parsed arguments and two streams, returning an
// exit code (core::ExitCode). cli_main (cli_main.cpp) is the only place that knows about CLI11.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace dq::cli {

struct RunArgs {
  std::vector<std::string> paths;  // default: scenarios/
  bool dry_run = false;
  bool replay = false;
  bool live = false;
  std::string filter;  // glob on scenario ids
  int concurrency = 4;
  std::string store;  // empty: $DEALQUEST_STORE, else ./dealquest.db
  std::string format = "text";
  std::string prices;                       // user price file
  std::optional<std::string> confirm_cost;  // live without a terminal: the worst case, as printed
  std::optional<double> max_cost;           // budget cap in USD
  std::string record;                       // live: "missing" | "all" writes cassettes
  std::string cassette_dir = "recordings";  // where --record writes and --replay reads
  std::string replay_speed = "instant";     // "instant" | "recorded"
  std::vector<std::string> ignore_fields;   // request JSON paths left out of cassette matching
};

struct EstimateArgs {
  std::vector<std::string> paths;
  std::string filter;
  std::string prices;  // user price file, overrides the built-in table
  std::string format = "text";
  std::string cassette_dir = "recordings";  // recorded usage calibrates the estimate
};

struct CassettesArgs {
  std::vector<std::string> paths;
  std::string filter;
  std::string prices;
  std::string cassette_dir = "recordings";
  std::vector<std::string> ignore_fields;
};

struct ValidateArgs {
  std::vector<std::string> paths;
};

struct ReportArgs {
  std::string run_id;  // empty: the latest run
  std::string store;
  std::string format = "text";
  bool traces = false;  // newest traces of every kind (harness and bot), a page at a time
  int page = 1;
  std::string trace_id;  // one trace's waterfall (an id or a unique prefix of 8+ hex digits)
};

int run_command(const RunArgs& args, std::ostream& out, std::ostream& err);
int validate_command(const ValidateArgs& args, std::ostream& out, std::ostream& err);
int estimate_command(const EstimateArgs& args, std::ostream& out, std::ostream& err);
int cassettes_check_command(const CassettesArgs& args, std::ostream& out, std::ostream& err);
int report_command(const ReportArgs& args, std::ostream& out, std::ostream& err);

// The store file to use: --store, else $DEALQUEST_STORE, else dealquest.db in the current directory.
std::string resolve_store_path(const std::string& flag);

// Parses argv and dispatches; the whole program.
int cli_main(int argc, char** argv);

}  // namespace dq::cli
