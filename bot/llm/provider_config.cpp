#include "bot/llm/provider_config.hpp"

#include <cstdlib>

#include "bot/llm/llm_errors.hpp"

namespace dq::llm {

EnvLookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  };
}

std::string_view provider_path(std::string_view provider) {
  return provider == "anthropic" ? "/v1/messages" : "/v1/chat/completions";
}

core::Result<ProviderConfig> provider_from_env(std::string_view provider, const EnvLookup& env) {
  ProviderConfig c;
  c.provider = std::string(provider);
  std::string key_var, url_var;
  if (provider == "anthropic") {
    key_var = "ANTHROPIC_API_KEY";
    url_var = "ANTHROPIC_BASE_URL";
    c.base_url = "https://api.anthropic.com";
  } else if (provider == "openrouter") {
    key_var = "OPENROUTER_API_KEY";
    url_var = "OPENROUTER_BASE_URL";
    c.base_url = "https://openrouter.ai/api";
  } else {
    return core::fail(errc::unknown_provider, "",
                      "unknown provider '" + std::string(provider) + "'; expected anthropic or openrouter");
  }
  auto key = env(key_var);
  if (!key) return core::fail(errc::no_api_key, "", "set " + key_var + " to call " + std::string(provider));
  c.api_key = *key;
  if (auto url = env(url_var)) {
    c.base_url = *url;
    while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
    // Both forms people copy work: "…/api" and "…/api/v1" (OpenRouter's docs), "https://api.anthropic.com"
    // and "…/v1": every endpoint path starts with /v1, so a base that already ends in it drops it.
    if (c.base_url.ends_with("/v1")) c.base_url.resize(c.base_url.size() - 3);
  }
  return c;
}

}  // namespace dq::llm
