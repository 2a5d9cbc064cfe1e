#pragma once
// dealquest-bot's own error codes: its config file, its start, the harness it runs for /admin test (docs/error-codes.md lists every library's; tests/check_error_codes.sh keeps that list true).

#include "bot/core/error.hpp"

namespace dq::app::errc {

inline constexpr core::ErrorCode no_token{"bot.no_token"};              // TELEGRAM_BOT_TOKEN is not set
inline constexpr core::ErrorCode child_spawn{"child.spawn"};            // the harness could not be started
inline constexpr core::ErrorCode child_timeout{"child.timeout"};        // the harness did not finish in time
inline constexpr core::ErrorCode test_failed{"admin.test_failed"};      // /admin test: the harness failed to run
inline constexpr core::ErrorCode config_not_found{"config.not_found"};  // the --config file cannot be read
inline constexpr core::ErrorCode config_syntax{"config.syntax"};        // the config file is not valid YAML
// The config file is read with the scenario reader: its scenario.* codes are reported as these.
inline constexpr core::ErrorCode config_type{"config.type"};                    // a value of the wrong type
inline constexpr core::ErrorCode config_unknown_key{"config.unknown_key"};      // a key the config does not have
inline constexpr core::ErrorCode config_missing{"config.missing"};              // a required key is absent
inline constexpr core::ErrorCode config_invalid_value{"config.invalid_value"};  // a value out of range or not allowed
inline constexpr core::ErrorCode config_alias_bomb{"config.alias_bomb"};        // YAML aliases that expand past the limit
inline constexpr core::ErrorCode config_too_deep{"config.too_deep"};            // nesting deeper than the limit
inline constexpr core::ErrorCode config_binary{"config.binary"};                // not UTF-8 text
inline constexpr core::ErrorCode config_too_large{"config.too_large"};          // a file over the size limit

}  // namespace dq::app::errc
