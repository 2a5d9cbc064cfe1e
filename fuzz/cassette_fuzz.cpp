// Fuzz target: a cassette file (bot/cassette/cassette.hpp, parse_cassette; load_cassette only reads the file
// first). Promise checked: a cassette that was read can be written and read back to the same bytes, since
// re-recording and `--record` rewrite cassettes they loaded.

#include <string>

#include "bot/cassette/cassette.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed = dq::cassette::parse_cassette(dq::fuzz::as_text(data, size), "fuzz.json");
  if (!parsed) {
    dq::fuzz::check(!parsed.error().code.empty(), "a refused cassette has an error code");
    return 0;
  }
  const std::string written = dq::cassette::serialize_cassette(*parsed);
  const auto again = dq::cassette::parse_cassette(written, "fuzz.json");
  dq::fuzz::check(again.has_value(), "a serialized cassette parses again");
  dq::fuzz::check(dq::cassette::serialize_cassette(*again) == written,
                  "serialize(parse(serialize(c))) is stable");
  return 0;
}
