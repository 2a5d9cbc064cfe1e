// Fuzz target: the bot's config file (bot/app/bot_config.hpp, parse_bot_config). The bytes are the file's
// text; load_bot_config only reads the file first.

#include "bot/app/bot_config.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed = dq::app::parse_bot_config(dq::fuzz::as_text(data, size), "fuzz.yaml");
  if (!parsed) {
    dq::fuzz::check(!parsed.error().empty(), "a refused config has at least one error");
    for (const dq::core::Error& e : parsed.error()) {
      dq::fuzz::check(!e.code.empty(), "every error has a code");
    }
  }
  return 0;
}
