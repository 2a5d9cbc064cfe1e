#include "cli/commands/live_llm.hpp"

#include <set>

#include "bot/http/curl_http_client.hpp"
#include "bot/llm/provider_llm_client.hpp"
#include "cli/harness/costed_llm_client.hpp"
#include "cli/harness/owning_llm_client.hpp"

namespace dq::cli {

core::Result<std::unique_ptr<LiveLlm>> LiveLlm::create(boost::asio::io_context& io,
                                                       const std::vector<scenario::Scenario>& scenarios,
                                                       const cost::PriceTable& prices, std::optional<double> cap_usd,
                                                       const llm::EnvLookup& env) {
  std::unique_ptr<LiveLlm> live(new LiveLlm(prices, cap_usd));
  std::set<std::string> used;
  for (const auto& s : scenarios)
    for (const auto& [agent, settings] : s.agents) used.insert(settings.provider);
  for (const auto& p : used) {
    auto config = llm::provider_from_env(p, env);
    if (!config) return std::unexpected(config.error());
    live->providers_.emplace(p, std::move(*config));
  }
  live->http_ = std::make_unique<http::CurlHttpClient>(io.get_executor());
  return live;
}

harness::LlmFactory LiveLlm::factory() {
  return [this](const scenario::Scenario&) -> std::unique_ptr<llm::LlmClient> {
    auto stack = std::make_unique<harness::OwningLlmClient>();
    auto& routing = stack->own(std::make_unique<llm::RoutingLlmClient>());
    for (const auto& [name, config] : providers_)
      routing.add(name, std::make_unique<llm::ProviderLlmClient>(*http_, config));
    auto& costed = stack->own(std::make_unique<harness::CostedLlmClient>(routing, prices_, &budget_, /*strict=*/true));
    stack->set_top(costed);
    return stack;
  };
}

}  // namespace dq::cli
