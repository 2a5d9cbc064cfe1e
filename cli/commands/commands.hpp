#pragma once
// The subcommands of dealquest-test, as a table (ninja's Tool table is the model). Each `*_command.cpp`
// declares its options and its handler together in one define_* function: it adds its subcommand to the
// CLI11 app, binds the options to state it owns, and returns the handler. cli_main only walks the table.
// CLI11 itself stays in the .cpp files.

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/error.hpp"

namespace CLI {
class App;
}
namespace dq::store {
class TraceStore;
}

namespace dq::cli {

// Runs the subcommand if the command line chose it (nullopt otherwise); returns the exit code
// (core::ExitCode).
using Handler = std::function<std::optional<int>(std::ostream& out, std::ostream& err)>;

struct Command {
  Handler (*define)(CLI::App& app);
};

Handler define_run(CLI::App& app);
Handler define_estimate(CLI::App& app);
Handler define_cassettes(CLI::App& app);
Handler define_validate(CLI::App& app);
Handler define_report(CLI::App& app);
Handler define_prune(CLI::App& app);
Handler define_export(CLI::App& app);

// In the order `--help` lists them.
inline constexpr Command kCommands[] = {{define_run},      {define_estimate}, {define_cassettes},
                                        {define_validate}, {define_report},   {define_prune},
                                        {define_export}};

// The store to use: --store, else $DEALQUEST_STORE, else the config file's `store:`, else dealquest.db in the
// current directory. A file path, or a `postgresql://` URI (store::open_trace_store).
std::string resolve_store_path(const std::string& flag);

// What to do when there is no store yet, for commands that read one.
inline constexpr std::string_view kNoStoreHint =
    "run `dealquest-test run --dry-run` first, or point --store / DEALQUEST_STORE at one";

// The store at `path`, which must exist already (reading commands never create one): `report.no_store`, with
// `hint` saying what to do, when a file does not; the store's own error when it cannot be opened (for a
// PostgreSQL URI, store.unreachable when the server is not there).
core::Result<std::unique_ptr<store::TraceStore>> open_existing_store(const std::string& path,
                                                                     std::string_view hint);
// The exit code for open_existing_store's error: 2 (usage) for no store, 3 (infrastructure) otherwise.
int open_store_exit_code(const core::Error& error);

// Parses argv and dispatches; the whole program.
int cli_main(int argc, char** argv);

}  // namespace dq::cli
