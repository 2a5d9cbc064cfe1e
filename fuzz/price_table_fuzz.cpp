// Fuzz target: a user price file (bot/cost/price_table.hpp, PriceTable::parse; load_file only reads the file
// first), then what the program does with one: override the built-in table and price a call with it.

#include <cmath>

#include "bot/cost/price_table.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed = dq::cost::PriceTable::parse(dq::fuzz::as_text(data, size), "fuzz.json");
  if (!parsed) {
    dq::fuzz::check(!parsed.error().code.empty(), "a refused price file has an error code");
    return 0;
  }
  static const dq::cost::PriceTable builtin = dq::cost::PriceTable::builtin().value();
  dq::cost::PriceTable table = builtin;
  table.override_with(*parsed);
  const dq::cost::TokenCounts tokens{1000, 200, 10, 10, 50};
  for (const dq::cost::ModelPrice& price : parsed->models()) {
    const dq::cost::ModelPrice* found = table.find(price.provider, price.model);
    dq::fuzz::check(found != nullptr, "an overriding model is found in the table");
    (void)dq::cost::cost_usd(*found, tokens);
  }
  return 0;
}
