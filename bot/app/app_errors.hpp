#pragma once
// dealquest-bot's own error codes: its config file, its start, the harness it runs for /admin test
// (docs/error-codes.md lists every library's; scripts/error-codes --check keeps that list true).

#include "bot/core/error.hpp"

namespace dq::app::errc {

// TELEGRAM_BOT_TOKEN is not set
inline constexpr core::ErrorCode no_token{"bot.no_token"};
// --console with --llm replay (or llm: replay in the config): a recording cannot answer what people type
inline constexpr core::ErrorCode console_replay{"bot.console_replay"};
// the harness could not be started
inline constexpr core::ErrorCode child_spawn{"child.spawn"};
// the harness did not finish in time
inline constexpr core::ErrorCode child_timeout{"child.timeout"};
// /admin test: the harness failed to run
inline constexpr core::ErrorCode test_failed{"admin.test_failed"};
// the --config file cannot be read
inline constexpr core::ErrorCode config_not_found{"config.not_found"};
// the config file is not valid YAML
inline constexpr core::ErrorCode config_syntax{"config.syntax"};
// The config file is read with the scenario reader: its scenario.* codes are reported as these.
// a value of the wrong type
inline constexpr core::ErrorCode config_type{"config.type"};
// a key the config does not have
inline constexpr core::ErrorCode config_unknown_key{"config.unknown_key"};
// a required key is absent
inline constexpr core::ErrorCode config_missing{"config.missing"};
// a value out of range or not allowed
inline constexpr core::ErrorCode config_invalid_value{"config.invalid_value"};
// YAML aliases that expand past the limit
inline constexpr core::ErrorCode config_alias_bomb{"config.alias_bomb"};
// nesting deeper than the limit
inline constexpr core::ErrorCode config_too_deep{"config.too_deep"};
// not UTF-8 text
inline constexpr core::ErrorCode config_binary{"config.binary"};
// a file over the size limit
inline constexpr core::ErrorCode config_too_large{"config.too_large"};

}  // namespace dq::app::errc
