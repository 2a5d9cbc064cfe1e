#pragma once
// The LLM side of `run --live` and `run --replay`: per scenario a stack of HTTP client -> provider clients
// -> routing -> CostedLlmClient. Live sends over one CurlHttpClient for the run (recording cassettes with
// --record); replay answers from the scenario's cassette and opens no socket.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "bot/http/http_client.hpp"
#include "bot/llm/provider_config.hpp"
#include "bot/cassette/cassette.hpp"
#include "bot/cassette/matcher.hpp"
#include "bot/cost/budget.hpp"
#include "bot/cost/price_table.hpp"
#include "bot/llm/llm_client.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::llm_stack {

enum class Mode { live, replay };
// One LLM client per scenario (the harness's LlmFactory has the same shape).
using LlmFactory = std::function<std::unique_ptr<llm::LlmClient>(const scenario::Scenario&)>;

struct ProviderLlmOptions {
  Mode mode = Mode::live;  // live | replay
  std::string cassette_dir = "recordings";
  std::string record;  // live only: "" | "missing" | "all"
  bool recorded_speed = false;
  std::optional<double> cap_usd;
  std::vector<std::string> ignore_fields;  // added to the default ignored paths of cassette matching
};

class ProviderLlm {
 public:
  // Live: llm.no_api_key / llm.unknown_provider for a provider the scenarios use.
  static core::Result<std::unique_ptr<ProviderLlm>> create(boost::asio::io_context& io,
                                                           const std::vector<scenario::Scenario>& scenarios,
                                                           const cost::PriceTable& prices, ProviderLlmOptions options,
                                                           const llm::EnvLookup& env);
  LlmFactory factory();
  // When recording: writes the scenario's cassette (atomic, secrets refused).
  core::Result<void> scenario_done(const std::string& scenario_id);

 private:
  ProviderLlm(const cost::PriceTable& prices, ProviderLlmOptions options);
  std::unique_ptr<llm::LlmClient> stack(http::HttpClient& http, std::unique_ptr<http::HttpClient> owned);
  cassette::MatchOptions match_options() const;

  const cost::PriceTable& prices_;
  ProviderLlmOptions options_;
  cost::Budget budget_;
  cassette::Redactor redactor_;
  std::unique_ptr<http::HttpClient> curl_;
  std::map<std::string, llm::ProviderConfig> providers_;
  std::map<std::string, std::unique_ptr<cassette::Cassette>> recording_;  // scenario -> being recorded
  std::map<std::string, std::unique_ptr<cassette::Cassette>> existing_;   // scenario -> on disk (record missing)
};

}  // namespace dq::llm_stack
