#pragma once
// The command line and environment of dealquest-bot, merged with the config file (flags win), as plain
// data. CLI11 stays in bot_options.cpp.

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "bot/app/bot_config.hpp"
#include "bot/core/mode.hpp"

namespace dq::app {

// Where the bot keeps its state when its trace store is a PostgreSQL server and its config names no `state:`.
inline constexpr const char* kStateFile = "dealquest-state.db";

struct BotOptions {
  bool console = false;
  core::Mode llm = core::Mode::live;
  std::string store;
  std::string state;  // the SQLite file of the bot's state: the store's file, or config `state:` (kStateFile)
  std::string scenarios = "scenarios";
  std::string cassette_dir = "recordings";
  std::set<std::int64_t> admins;
  std::int64_t console_user = 1;
  std::string telegram_token;  // from TELEGRAM_BOT_TOKEN, never from the command line
  std::string telegram_api_url = "https://api.telegram.org";
  std::string export_endpoint = {};  // --export-endpoint, else export.endpoint ("": no export)
  BotConfig config;
  std::string config_file = {};           // --config, as given ("" without one)
  std::set<std::string> from_flags = {};  // config keys a flag overrode: "llm", "store", "scenarios", …
};

struct ParsedOptions {
  std::optional<BotOptions> options;  // nullopt: exit with `exit_code` (help printed, or a usage error)
  int exit_code = 0;
};

ParsedOptions parse_bot_options(int argc, char** argv);

}  // namespace dq::app
