#include "bot/cost/costed_llm_client.hpp"

#include <cstdio>

#include "bot/cost/cost_errors.hpp"

namespace dq::cost {
namespace {

std::string usd(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.4f", v);
  return buf;
}

}  // namespace

boost::asio::awaitable<core::Result<llm::Response>> CostedLlmClient::complete(const llm::Request& request) {
  const cost::ModelPrice* price = prices_.find(request.provider, request.model);
  if (price == nullptr && strict_)
    co_return core::fail(
        errc::unknown_model, "",
        "no price for " + request.provider + "/" + request.model +
            " in the price table; add it to a --prices file (a live call is never priced at $0)");
  double worst = 0;
  if (price) {
    cost::TokenCounts tokens;
    tokens.input = llm::estimate_input_tokens(request);
    tokens.output = request.max_tokens;
    worst = cost::cost_usd(*price, tokens);
  }
  std::optional<cost::Budget::Reservation> reservation;
  if (budget_) {
    reservation = budget_->reserve(worst);
    if (!reservation)
      co_return core::fail(
          errc::budget_exceeded, "",
          "the next call (worst case " + usd(worst) + ") would cross the budget cap of " +
              usd(budget_->cap().value_or(0)) + " (spent " + usd(budget_->spent()) +
              "; --max-cost for a run, budget.max_usd for the bot); no further call was made");
  }
  auto op = inner_.complete(request);
  auto response = co_await std::move(op);
  if (!response) {
    if (reservation) budget_->release(*reservation);
    co_return response;
  }
  if (response->cost_usd == 0 && price) {
    cost::TokenCounts used;
    used.input = response->usage.input_tokens;
    used.output = response->usage.output_tokens;
    used.cache_read = response->usage.cache_read_tokens;
    used.cache_write_5m = response->usage.cache_write_tokens;
    response->cost_usd = cost::cost_usd(*price, used);
  }
  if (reservation) budget_->settle(*reservation, response->cost_usd);
  co_return response;
}

}  // namespace dq::cost
