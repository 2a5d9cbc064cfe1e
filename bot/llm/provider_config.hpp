#pragma once
// Where and how to reach one LLM provider. Keys come from the environment and are never logged or stored.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/error.hpp"

namespace dq::llm {

struct ProviderConfig {
  std::string provider;  // "anthropic" | "openrouter"
  std::string
      base_url;  // https://api.anthropic.com | https://openrouter.ai/api (tests: http://127.0.0.1:PORT)
  std::string api_key;
  std::string anthropic_version = "2023-06-01";
  std::chrono::milliseconds timeout{120'000};
};

// Reads an environment variable; injected so tests never touch the real environment.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;
EnvLookup process_env();

// ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL, OPENROUTER_API_KEY / OPENROUTER_BASE_URL. Errors:
// `llm.unknown_provider`, `llm.no_api_key` (says which variable to set).
core::Result<ProviderConfig> provider_from_env(std::string_view provider, const EnvLookup& env);

// The path requests go to, after the base URL.
std::string_view provider_path(std::string_view provider);

}  // namespace dq::llm
