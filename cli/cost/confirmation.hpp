#pragma once
// The typed confirmation before a live run spends money, and when live mode is refused outright.

#include <optional>
#include <string>
#include <string_view>

#include "bot/core/error.hpp"

namespace dq::cost {

// The amount a person must type: the worst case rounded UP to the cent, at least 0.01, two decimals.
std::string format_confirmation_amount(double worst_usd);

// "0.42", "$0.42", " 0.420 " match "0.42"; "yes", "0.41", "0.4", "", "0.42abc", "1e3" do not.
bool confirmation_matches(std::string_view typed, std::string_view expected_amount);

// CI set → cost.refused_ci; no terminal and no flag → cost.no_tty; a wrong flag → cost.confirm_mismatch;
// otherwise ok (with a terminal and no flag the caller then asks and checks with confirmation_matches).
core::Result<void> check_live_allowed(bool ci_env_set, bool stdin_is_tty, const std::optional<std::string>& confirm_flag,
                                      std::string_view expected_amount);

}  // namespace dq::cost
