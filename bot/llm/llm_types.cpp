#include "bot/llm/llm_types.hpp"

namespace dq::llm {

std::int64_t estimate_tokens(const std::string& text) {
  if (text.empty()) return 0;
  return static_cast<std::int64_t>((text.size() + 3) / 4);
}

std::int64_t estimate_input_tokens(const Request& request) {
  // Each message carries a few tokens of framing (role markers) besides its text.
  constexpr std::int64_t kPerMessage = 4;
  std::int64_t total = estimate_tokens(request.system);
  for (const auto& m : request.messages) total += kPerMessage + estimate_tokens(m.content);
  return total;
}

std::int64_t input_token_bound(const Request& request) {
  auto bytes = [](const std::string& s) { return static_cast<std::int64_t>(s.size()); };
  std::int64_t total = kFramingTokensPerRequest + bytes(request.system);
  for (const auto& m : request.messages) total += kFramingTokensPerMessage + bytes(m.content);
  return total;
}

}  // namespace dq::llm
