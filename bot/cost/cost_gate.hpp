#pragma once
// Puts a price on every attempt of an LLM call and enforces the budget cap (an llm::AttemptGate, asked by
// ProviderLlmClient before each attempt, retries included).
//
// Before an attempt: its worst case is reserved against the Budget: llm::input_token_bound (one token per
// byte, a bound no real tokenizer exceeds) at the input price, plus max_tokens at the output price. When that
// would cross the cap the attempt is not sent (`cost.budget_exceeded`), so the cap holds however many calls
// are in flight. After it: an answered attempt settles with its real cost (the provider's own figure when it
// reports one, as OpenRouter does; otherwise usage x the price table); a failed attempt that may have reached
// the model is settled at its reserved worst case, since it may be billed; any other failure releases it.
// An unknown model is `cost.unknown_model` when `strict` (live mode: never priced at $0).

#include "bot/cost/budget.hpp"
#include "bot/cost/price_table.hpp"
#include "bot/llm/llm_client.hpp"

namespace dq::cost {

// The most one attempt of `request` can cost at `price`.
double worst_case_usd(const ModelPrice& price, const llm::Request& request);

class CostGate final : public llm::AttemptGate {
 public:
  // `budget` may be null (no cap: replays are priced but nothing is reserved).
  CostGate(const PriceTable& prices, Budget* budget, bool strict)
      : prices_(prices), budget_(budget), strict_(strict) {}

  core::Result<llm::AttemptTicket> open(const llm::Request& request) override;
  void close(const llm::AttemptTicket& ticket, const llm::Request& request, llm::Response* answered,
             bool maybe_billed) override;

 private:
  const PriceTable& prices_;
  Budget* budget_;
  bool strict_;
};

}  // namespace dq::cost
