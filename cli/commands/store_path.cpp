#include <cstdlib>

#include "cli/commands/cli_config.hpp"
#include "cli/commands/commands.hpp"

namespace dq::cli {

std::string resolve_store_path(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("DEALQUEST_STORE"); env != nullptr && *env != '\0') return env;
  if (cli_config().store) return *cli_config().store;
  return "dealquest.db";
}

}  // namespace dq::cli
