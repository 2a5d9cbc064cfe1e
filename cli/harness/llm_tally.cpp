#include "cli/harness/llm_tally.hpp"

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <utility>

#include "bot/llm/llm_client.hpp"

namespace dq::harness {
namespace {

class TallyingLlmClient final : public llm::LlmClient {
 public:
  TallyingLlmClient(std::unique_ptr<llm::LlmClient> inner, LlmTally& tally)
      : inner_(std::move(inner)), tally_(tally) {}

  boost::asio::awaitable<core::Result<llm::Response>> complete(const llm::Request& request) override {
    auto answer = inner_->complete(request);
    core::Result<llm::Response> response = co_await std::move(answer);
    if (response) tally_.add(response->cost_usd);
    co_return response;
  }

 private:
  std::unique_ptr<llm::LlmClient> inner_;
  LlmTally& tally_;
};

}  // namespace

scenario::LlmFactory tallying(scenario::LlmFactory inner, LlmTally& tally) {
  return [inner = std::move(inner), &tally](const scenario::Scenario& s) -> std::unique_ptr<llm::LlmClient> {
    auto client = inner(s);
    if (!client) return client;
    return std::make_unique<TallyingLlmClient>(std::move(client), tally);
  };
}

}  // namespace dq::harness
