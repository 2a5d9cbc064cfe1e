#pragma once
// The text of bot/cost/prices.json, compiled in (see prices_data.cpp.in). Internal to dq_cost: use
// PriceTable::builtin().

#include <string_view>

namespace dq::cost {

extern const std::string_view kBuiltinPrices;

}  // namespace dq::cost
