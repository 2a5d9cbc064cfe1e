#pragma once
// The typed confirmation before a live run spends money, and when live mode is refused outright.

#include <optional>
#include <string>
#include <string_view>

#include "bot/core/error.hpp"

namespace dq::cost {

// The amount a person must type: the worst case rounded UP to the cent, at least 0.01, with two decimals
// ("0.42", "12.00"). A worst case that is not a finite number gives "nan" or "inf", which no typed text
// matches, so live mode cannot go on.
std::string format_confirmation_amount(double worst_usd);

// True when `typed` is the same amount of cents as `expected_amount`: digits with an optional fraction,
// optional surrounding whitespace, an optional leading "$", extra trailing zeros ("0.42", "$0.42",
// " 0.420 ", "12" for "12.00"). Anything else is false ("yes", "0.41", "0.4", "", "0.42abc", "1e3",
// "-0.42", "0,42", ".42", "0.421").
bool confirmation_matches(std::string_view typed, std::string_view expected_amount);

// Whether live mode may go on, before anything is sent:
//   CI set                      -> cost.refused_ci
//   --confirm-cost given, wrong -> cost.confirm_mismatch (the message says the expected amount)
//   --confirm-cost given, right -> ok
//   no terminal, no flag        -> cost.no_tty (the message says to pass --confirm-cost AMOUNT)
//   terminal, no flag           -> ok: the caller asks and checks the answer with confirmation_matches
core::Result<void> check_live_allowed(bool ci_env_set, bool stdin_is_tty,
                                      const std::optional<std::string>& confirm_cost_flag,
                                      std::string_view expected_amount);

}  // namespace dq::cost
