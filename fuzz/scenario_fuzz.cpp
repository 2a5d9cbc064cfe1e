// Fuzz target: a scenario file (bot/scenario/scenario_parser.hpp, parse_scenario). The bytes are the file's
// text; load_scenario_file only adds reading the file and the size limit, which is checked before parsing.
// Promise checked: a refused file comes with at least one error, each with a code and a location.

#include <string>

#include "bot/scenario/scenario_parser.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed = dq::scenario::parse_scenario(dq::fuzz::as_text(data, size), "fuzz.yaml");
  if (!parsed) {
    dq::fuzz::check(!parsed.error().empty(), "a refused scenario has at least one error");
    for (const dq::core::Error& e : parsed.error()) {
      dq::fuzz::check(!e.code.empty() && e.where.starts_with("fuzz.yaml"),
                      "every error has a code and a place");
    }
  }
  return 0;
}
