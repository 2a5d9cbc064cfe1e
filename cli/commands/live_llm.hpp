#pragma once
// The LLM side of `run --live`: provider configs from the environment, one CurlHttpClient for the run, and
// per scenario a stack of provider clients -> routing -> CostedLlmClient (prices, budget cap).

#include <boost/asio/io_context.hpp>
#include <map>
#include <memory>
#include <vector>

#include "bot/http/http_client.hpp"
#include "bot/llm/provider_config.hpp"
#include "cli/cost/budget.hpp"
#include "cli/cost/price_table.hpp"
#include "cli/harness/runner.hpp"

namespace dq::cli {

class LiveLlm {
 public:
  // llm.no_api_key / llm.unknown_provider for a provider the scenarios use.
  static core::Result<std::unique_ptr<LiveLlm>> create(boost::asio::io_context& io,
                                                       const std::vector<scenario::Scenario>& scenarios,
                                                       const cost::PriceTable& prices, std::optional<double> cap_usd,
                                                       const llm::EnvLookup& env);
  harness::LlmFactory factory();
  cost::Budget& budget() { return budget_; }

 private:
  LiveLlm(const cost::PriceTable& prices, std::optional<double> cap) : prices_(prices), budget_(cap) {}

  const cost::PriceTable& prices_;
  cost::Budget budget_;
  std::unique_ptr<http::HttpClient> http_;
  std::map<std::string, llm::ProviderConfig> providers_;
};

}  // namespace dq::cli
