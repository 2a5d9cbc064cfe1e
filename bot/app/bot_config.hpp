#pragma once
// The bot's configuration file (`dealquest-bot --config FILE`, YAML), every key optional:
//
//   admins: [111111111, 222222222]     # Telegram user ids allowed to use /admin
//   store: dealquest.db                 # trace store, shared with dealquest-test
//   scenarios: scenarios                # folder of scenario files for the menu
//   llm: live                           # dry-run | replay | live
//   cassette_dir: recordings            # for llm: replay
//   agents:                             # provider and model per agent, over the scenarios' own
//     counterpart: {provider: anthropic, model: claude-haiku-4-5}
//     coach: {provider: openrouter, model: anthropic/claude-sonnet-4.6}
//   budget:
//     max_usd: 5.00                     # live LLM spend cap per UTC day, kept across restarts (default 5.00)
//     test_max_usd: 0.50                # cap for one /admin test run
//   telegram:
//     poll_timeout_seconds: 25
//     progress_throttle_ms: 1000
//     per_chat_interval_ms: 1000        # ≈1 message/s per chat
//     global_per_second: 28             # default ≈28.6: 30/s less a 5% margin (Telegram counts arrivals)
//   retention: {metadata: 30d, io: 7d, every: 1h}
//   export:                             # stream the traces to an OTLP/HTTP receiver (off without it)
//     endpoint: http://localhost:4318   # required; /v1/traces is added when the URL has no path
//     every: 5s                         # how often a batch goes out (default 5s)
//   dry_run_latency_ms: 0               # simulated LLM latency with llm: dry-run
//
// A malformed file is refused before the bot starts (exit 2): config.* errors name the key and its
// file:line:column. Command-line flags override the file.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bot/core/error.hpp"
#include "bot/core/mode.hpp"

namespace dq::app {

struct AgentOverride {
  std::string provider;
  std::string model;
};

// The bot's live spend cap per UTC day when the config sets none: a bot is never uncapped by accident.
inline constexpr double kDefaultDailyCapUsd = 5.0;

struct BotConfig {
  std::set<std::int64_t> admins;
  std::optional<std::string> store, scenarios, cassette_dir;
  // state: the SQLite file of the bot's own state (conversations, chat sessions, the Telegram offset, the
  // day's spend) when `store` is a PostgreSQL server; with a file store, that file holds it.
  std::optional<std::string> state = {};
  std::optional<core::Mode> llm;
  std::optional<AgentOverride> counterpart, coach;
  std::optional<double> max_usd, test_max_usd;  // unset max_usd: kDefaultDailyCapUsd
  std::optional<int> poll_timeout_seconds;
  std::optional<std::int64_t> progress_throttle_ms, per_chat_interval_ms, dry_run_latency_ms;
  std::optional<int> global_per_second;
  // retention: {metadata: 30d, io: 7d, every: 1h}; every: 0s turns the bot's own pruning off.
  std::optional<std::chrono::milliseconds> retention_metadata, retention_io, retention_every;
  // retention: {io_sample: 10%}: the share of traces that keep their I/O (failed ones always do).
  std::optional<double> io_sample = {};
  // export: {endpoint: URL, every: 5s}: the OTLP/HTTP receiver the bot streams its traces to (unset: off).
  std::optional<std::string> export_endpoint = {};
  std::optional<std::chrono::milliseconds> export_every = {};
  // Where each value read came from ("llm" → "bot.yaml:3:6"; nested keys as "agents.coach.model"), so an
  // error that a config value causes later can name the file and the key.
  std::map<std::string, std::string> where = {};
};

// The shared YAML reader (bot/scenario/node_reader.hpp) reports scenario.* codes; a config file's problems
// are config.* (app_errors.hpp). dealquest-test's config file (cli/commands/cli_config.cpp) uses this too.
std::vector<core::Error> as_config_errors(std::vector<core::Error> errors);

// Every problem found (file order), or the config.
std::expected<BotConfig, std::vector<core::Error>> parse_bot_config(std::string_view text,
                                                                    const std::string& file);
std::expected<BotConfig, std::vector<core::Error>> load_bot_config(const std::string& path);

}  // namespace dq::app
