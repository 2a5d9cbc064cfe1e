#pragma once
// Puts a price on every LLM call and enforces the budget cap.
//
// Before a call: its worst case (estimated input + every output token up to max_tokens) is reserved against
// the Budget; if that would cross the cap, the call is not made (`cost.budget_exceeded`), so a cap holds
// even with many calls in flight. After it: the reservation is settled with the real cost (the provider's
// own figure when it reports one, as OpenRouter does; otherwise usage x the price table). An unknown model is
// `cost.unknown_model` when `strict` (live mode: never priced at $0).

#include "bot/cost/budget.hpp"
#include "bot/cost/price_table.hpp"
#include "bot/llm/llm_client.hpp"

namespace dq::cost {

class CostedLlmClient final : public llm::LlmClient {
 public:
  CostedLlmClient(llm::LlmClient& inner, const cost::PriceTable& prices, cost::Budget* budget, bool strict)
      : inner_(inner), prices_(prices), budget_(budget), strict_(strict) {}

  boost::asio::awaitable<core::Result<llm::Response>> complete(const llm::Request& request) override;

 private:
  llm::LlmClient& inner_;
  const cost::PriceTable& prices_;
  cost::Budget* budget_;
  bool strict_;
};

}  // namespace dq::cost
