#include <cstdlib>
#include <filesystem>

#include "bot/core/exit_code.hpp"
#include "bot/store/open_trace_store.hpp"
#include "cli/commands/cli_config.hpp"
#include "cli/commands/cli_errors.hpp"
#include "cli/commands/commands.hpp"

namespace dq::cli {

std::string resolve_store_path(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("DEALQUEST_STORE"); env != nullptr && *env != '\0') return env;
  if (cli_config().store) return *cli_config().store;
  return "dealquest.db";
}

// A PostgreSQL URI is not a file: a server that is not there is store.unreachable, from open_trace_store.
core::Result<std::unique_ptr<store::TraceStore>> open_existing_store(const std::string& path,
                                                                     std::string_view hint) {
  if (!store::is_postgres_location(path) && !std::filesystem::exists(path))
    return core::fail(errc::no_store, path, "no trace store here; " + std::string(hint));
  return store::open_trace_store(path);
}

int open_store_exit_code(const core::Error& error) {
  return core::to_int(error.is(errc::no_store) ? core::ExitCode::usage : core::ExitCode::infrastructure);
}

}  // namespace dq::cli
