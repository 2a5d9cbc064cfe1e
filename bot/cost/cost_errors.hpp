#pragma once
// The cost library's error codes: prices, the budget cap, the typed confirmation (docs/error-codes.md lists
// every library's; scripts/error-codes --check keeps that list true).

#include "bot/core/error.hpp"

namespace dq::cost::errc {

// a price file that is not complete and valid
inline constexpr core::ErrorCode bad_price_table{"cost.bad_price_table"};
// the call would have crossed the cap
inline constexpr core::ErrorCode budget_exceeded{"cost.budget_exceeded"};
// --confirm-cost is not the worst case
inline constexpr core::ErrorCode confirm_mismatch{"cost.confirm_mismatch"};
// the price file cannot be read
inline constexpr core::ErrorCode io{"cost.io"};
// live without a terminal or --confirm-cost
inline constexpr core::ErrorCode no_tty{"cost.no_tty"};
// the typed amount was not the worst case
inline constexpr core::ErrorCode not_confirmed{"cost.not_confirmed"};
// live mode refused because CI is set
inline constexpr core::ErrorCode refused_ci{"cost.refused_ci"};
// a live model the price table lacks
inline constexpr core::ErrorCode unknown_model{"cost.unknown_model"};

}  // namespace dq::cost::errc
