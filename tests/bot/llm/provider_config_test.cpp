#include "bot/llm/provider_config.hpp"

#include <gtest/gtest.h>

#include <map>

#include "bot/llm/provider_codec.hpp"

namespace dq::llm {
namespace {

// The URL a request to `provider` goes to when its *_BASE_URL is `base`.
std::string url_for(const std::string& provider, const std::string& base) {
  const std::map<std::string, std::string> vars{{"ANTHROPIC_API_KEY", "test-key"},
                                                {"OPENROUTER_API_KEY", "test-key"},
                                                {"ANTHROPIC_BASE_URL", base},
                                                {"OPENROUTER_BASE_URL", base}};
  auto env = [&](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  auto config = provider_from_env(provider, env);
  EXPECT_TRUE(config.has_value());
  Request r;
  r.provider = provider;
  r.model = "m";
  r.max_tokens = 10;
  return encode_request(*config, r).url;
}

TEST(ProviderBaseUrl, OpenRouterTakesTheFormItsDocsShowAndTheShortOne) {
  for (const char* base : {"https://openrouter.ai/api", "https://openrouter.ai/api/",
                           "https://openrouter.ai/api/v1", "https://openrouter.ai/api/v1/"})
    EXPECT_EQ(url_for("openrouter", base), "https://openrouter.ai/api/v1/chat/completions") << base;
}

TEST(ProviderBaseUrl, AnthropicTakesTheHostWithOrWithoutV1) {
  for (const char* base : {"https://api.anthropic.com", "https://api.anthropic.com/",
                           "https://api.anthropic.com/v1", "http://127.0.0.1:8080/v1/"})
    EXPECT_EQ(url_for("anthropic", base).substr(url_for("anthropic", base).size() - 12), "/v1/messages")
        << base;
  EXPECT_EQ(url_for("anthropic", "https://api.anthropic.com/v1"), "https://api.anthropic.com/v1/messages");
  EXPECT_EQ(url_for("anthropic", "http://127.0.0.1:8080/v1/"), "http://127.0.0.1:8080/v1/messages");
}

}  // namespace
}  // namespace dq::llm
