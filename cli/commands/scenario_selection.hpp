#pragma once
// Loading what a command works on: the scenarios (validated, filtered) and the price table. Errors are
// printed here, so commands only decide the exit code.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "bot/cost/price_table.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::cli {

// Scenarios under `paths` (default scenarios/) whose id matches `filter`; nullopt (after printing why) on a
// bad file or when nothing matches.
std::optional<std::vector<scenario::Scenario>> select_scenarios(const std::vector<std::string>& paths,
                                                                const std::string& filter, std::ostream& err);

// The built-in table, overridden by `user_file` when given; nullopt after printing the error.
std::optional<cost::PriceTable> load_prices(const std::string& user_file, std::ostream& err);

}  // namespace dq::cli
