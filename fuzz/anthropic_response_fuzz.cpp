// Fuzz target: a response of the Anthropic Messages API (bot/llm/provider_codec.hpp, decode_response); what
// is fed and checked: fuzz/provider_response.hpp.

#include "fuzz/provider_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return dq::fuzz::fuzz_provider_response("anthropic", data, size);
}
