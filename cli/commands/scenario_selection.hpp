#pragma once
// Loading what a command works on: the scenarios (validated, filtered), the price table, and a check that
// every model they name has a price. Errors are printed here, so commands only decide the exit code.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/error.hpp"
#include "bot/cost/estimate.hpp"
#include "bot/cost/price_table.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::cli {

// The prices a command uses: the built-in table, overridden entry by entry by the user's --prices file. A
// file that lacks a model leaves that model at its built-in price; prices_line() says which came from where.
struct Prices {
  cost::PriceTable table;      // what every price is read from
  std::string user_file;       // "" without --prices
  cost::PriceTable user = {};  // the user file's own entries
  std::string builtin_as_of;   // the built-in table's date
};

// What run, estimate and cassettes work on.
struct Inputs {
  std::vector<scenario::Scenario> scenarios;
  Prices prices;
};

// Scenarios under `paths` (default: the config file's `scenarios:`, else scenarios/) whose id matches
// `filter`, with the config's judge for those naming none; nullopt (after printing why) on a bad file or when
// nothing matches.
std::optional<std::vector<scenario::Scenario>> select_scenarios(const std::vector<std::string>& paths,
                                                                const std::string& filter, std::ostream& err);

// The built-in table, overridden by the --prices file `flag` (else the config file's `prices:`) when given;
// nullopt after printing the error.
std::optional<Prices> load_prices(const std::string& flag, std::ostream& err);

// One `cost.unknown_model` error for every agent whose model has no price, at its `model:` value, with a
// did-you-mean from the table. A model without a price is refused, never priced at $0.
std::vector<core::Error> unknown_model_errors(const std::vector<scenario::Scenario>& scenarios,
                                              const Prices& prices);

// select_scenarios + load_prices + unknown_model_errors; nullopt after printing what is wrong.
std::optional<Inputs> load_inputs(const std::vector<std::string>& paths, const std::string& filter,
                                  const std::string& prices_file, std::ostream& err);

// `cassette.not_found` for a --cassette-dir that does not exist: "no recordings in DIR", with the absolute
// path and how to point at another directory.
core::Error no_recordings_error(const std::string& cassette_dir);

// Where the prices of the models in `e` came from: "prices: built-in table dated 2026-11-22", or with a
// --prices file "prices: 2 models from my.json, 1 from the built-in table dated 2026-11-22 (anthropic/x)".
std::string prices_line(const Prices& prices, const cost::Estimate& e);

}  // namespace dq::cli
