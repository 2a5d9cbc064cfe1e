// `dealquest-test prune`: applies the trace store's retention now (BRIEF §6): traces, spans and finished runs
// older than --older-than (default 30d), span I/O older than --io-older-than (default 7d), in bounded
// batches so a running bot keeps writing meanwhile. `--dry-run` says what would go and removes nothing.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <memory>
#include <ostream>
#include <tuple>

#include "bot/core/age_text.hpp"
#include "bot/core/clock.hpp"
#include "bot/core/exit_code.hpp"
#include "bot/core/utc_text.hpp"
#include "bot/store/open_trace_store.hpp"
#include "cli/commands/cli_config.hpp"
#include "cli/commands/cli_errors.hpp"
#include "cli/commands/commands.hpp"
#include "cli/render/style.hpp"

namespace dq::cli {
namespace {

constexpr const char* kWhen = "%Y-%m-%d %H:%M UTC";

struct PruneArgs {
  std::string store;
  std::string older_than, io_older_than;  // "30d", "7d"; empty: the config file's, else the built-in
  bool dry_run = false;
};

// The policy: flags over the config file over the built-in ages. Errors name the flag.
core::Result<query::RetentionPolicy> policy_of(const PruneArgs& args) {
  query::RetentionPolicy policy;
  const CliConfig& config = cli_config();
  if (config.retention.metadata) policy.metadata = *config.retention.metadata;
  if (config.retention.io) policy.io = *config.retention.io;
  for (auto [flag, text, slot] : {std::tuple{"--older-than", &args.older_than, &policy.metadata},
                                  std::tuple{"--io-older-than", &args.io_older_than, &policy.io}}) {
    if (text->empty()) continue;
    auto age = core::parse_age(*text);
    if (!age || age->count() == 0)
      return core::fail(errc::usage, flag,
                        "'" + *text + "' is not an age: a whole number and a unit, e.g. 30d, 12h, 90m");
    *slot = *age;
  }
  return policy;
}

std::string summary(const query::PruneReport& r, const query::RetentionPolicy& policy,
                    const std::string& path) {
  const std::string verb = r.dry_run ? "would remove" : "removed";
  std::string out = path + ": " + verb + " " + render::format_count(r.traces) + " traces (" +
                    render::format_count(r.spans) + " spans) and " + render::format_count(r.runs) +
                    " finished runs that started before " + core::utc_text(r.metadata_cutoff_ms, kWhen) +
                    " (older than " + core::age_text(policy.metadata) + "), and the I/O of " +
                    render::format_count(r.io_rows) + " spans from before " +
                    core::utc_text(r.io_cutoff_ms, kWhen) + " (older than " +
                    core::age_text(std::min(policy.io, policy.metadata)) + ") with " +
                    render::format_count(r.io_parts) + " stored messages no newer span uses";
  if (r.dry_run) return out + "; nothing was removed (--dry-run)\n";
  return out + ", in " + std::to_string(r.batches) +
         " short transactions; the file keeps its size, and SQLite reuses the freed pages\n";
}

int prune_command(const PruneArgs& args, std::ostream& out, std::ostream& err) {
  auto policy = policy_of(args);
  if (!policy) {
    err << policy.error().to_string() << "\n";
    return core::to_int(core::ExitCode::usage);
  }
  const std::string path = resolve_store_path(args.store);
  auto store = open_existing_store(path, "nothing to prune; point --store or DEALQUEST_STORE at one");
  if (!store) {
    err << store.error().to_string() << "\n";
    return open_store_exit_code(store.error());
  }
  auto report = (*store)->prune(*policy, core::SystemClock::instance().wall_ms(), args.dry_run);
  if (!report) {
    err << report.error().to_string() << "\n";
    return core::to_int(core::ExitCode::infrastructure);
  }
  out << summary(*report, *policy, path);
  return core::to_int(core::ExitCode::ok);
}

}  // namespace

Handler define_prune(CLI::App& app) {
  auto args = std::make_shared<PruneArgs>();
  auto* cmd = app.add_subcommand(
      "prune", "Remove traces, runs and span I/O past their retention from the trace store (BRIEF §6)");
  cmd->add_option(
      "--store", args->store,
      "Trace store (default: $DEALQUEST_STORE, else `store` in the config file, else ./dealquest.db)");
  cmd->add_option(
      "--older-than", args->older_than,
      "Remove traces, spans and finished runs older than this (default 30d, or retention.metadata "
      "in the config file)");
  cmd->add_option(
      "--io-older-than", args->io_older_than,
      "Remove the prompts and responses of spans older than this (default 7d, or retention.io in the "
      "config file)");
  cmd->add_flag("--dry-run", args->dry_run, "Count what would be removed; remove nothing");
  return [args, cmd](std::ostream& out, std::ostream& err) -> std::optional<int> {
    if (!*cmd) return std::nullopt;
    return prune_command(*args, out, err);
  };
}

}  // namespace dq::cli
