#pragma once
// The body of both provider-response targets: the bytes are the HTTP body, decoded as a 200 and as a 429
// (every non-2xx status goes through the same error reader); the body's first line is also a retry-after
// header (retry_after_seconds). Promise checked: a decoded reply has text (an empty one is llm.empty_reply).

#include <string>

#include "bot/llm/provider_codec.hpp"
#include "fuzz/fuzz_support.hpp"

namespace dq::fuzz {

inline int fuzz_provider_response(const char* name, const std::uint8_t* data, std::size_t size) {
  llm::ProviderConfig provider;
  provider.provider = name;
  provider.base_url = std::string("https://") + name + ".invalid";
  const std::string_view body = as_text(data, size);
  for (const int status : {200, 429}) {
    http::Response response;
    response.status = status;
    response.headers.push_back({"content-type", "application/json"});
    response.headers.push_back({"request-id", "req_fuzz"});
    response.headers.push_back({"retry-after", std::string(body.substr(0, body.find('\n')))});
    response.body = std::string(body);
    const auto decoded = llm::decode_response(provider, response);
    if (decoded) check(!decoded->text.empty(), "a decoded reply has text");
    (void)llm::retry_after_seconds(response);
  }
  return 0;
}

}  // namespace dq::fuzz
