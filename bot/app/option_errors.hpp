#pragma once
// Errors about the settings in effect, told with where each setting came from. A value the config file set
// (and no flag overrode) is named by its file:line:column and key, with the flag that overrides it, so a
// person who copied an example bot.yaml sees which line to change. Pure: no I/O.

#include <optional>
#include <string>
#include <string_view>

#include "bot/app/bot_options.hpp"
#include "bot/core/error.hpp"

namespace dq::app {

// "bot.yaml:3:6" when the setting `key` ("llm", "store", "agents.coach.model", …) in effect came from the
// config file; nullopt when a flag, the environment or a default gave it.
std::optional<std::string> config_origin(const BotOptions& options, std::string_view key);

// `error`, caused by the setting `key`, told as the config file's when the file set it: an `llm.no_api_key`
// under `llm: live` from the file says so and how to go on ($0: --llm dry-run); any other gets the key, its
// location and the flag that overrides it. Unchanged when the setting did not come from the file.
core::Error blame_config(core::Error error, const BotOptions& options, std::string_view key);

// The console cannot converse under --llm replay (a recording answers only its scenario's scripted lines,
// word for word): bot.console_replay, naming where `replay` was set and what to use instead.
std::optional<core::Error> check_console_mode(const BotOptions& options);

}  // namespace dq::app
