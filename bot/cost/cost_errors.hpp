#pragma once
// The cost library's error codes: prices, the budget cap, the typed confirmation (docs/error-codes.md lists every library's; tests/check_error_codes.sh keeps that list true).

#include "bot/core/error.hpp"

namespace dq::cost::errc {

inline constexpr core::ErrorCode bad_price_table{"cost.bad_price_table"};    // a price file that is not complete and valid
inline constexpr core::ErrorCode budget_exceeded{"cost.budget_exceeded"};    // the call would have crossed the cap
inline constexpr core::ErrorCode confirm_mismatch{"cost.confirm_mismatch"};  // --confirm-cost is not the worst case
inline constexpr core::ErrorCode io{"cost.io"};                              // the price file cannot be read
inline constexpr core::ErrorCode no_tty{"cost.no_tty"};                      // live without a terminal or --confirm-cost
inline constexpr core::ErrorCode not_confirmed{"cost.not_confirmed"};        // the typed amount was not the worst case
inline constexpr core::ErrorCode refused_ci{"cost.refused_ci"};              // live mode refused because CI is set
inline constexpr core::ErrorCode unknown_model{"cost.unknown_model"};        // a live model the price table lacks

}  // namespace dq::cost::errc
