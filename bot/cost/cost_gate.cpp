#include "bot/cost/cost_gate.hpp"

#include <cstdio>

#include "bot/cost/cost_errors.hpp"

namespace dq::cost {
namespace {

std::string usd(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.4f", v);
  return buf;
}

// What the budget holds at a refusal: settled spend, and what calls still in flight have reserved (they may
// cost up to that once they finish), so "spent $0.0000" never hides money that is being spent.
std::string spent_so_far(const Budget& budget) {
  std::string out = "spent " + usd(budget.spent()) + " so far";
  if (const double reserved = budget.reserved(); reserved > 0)
    out += ", up to " + usd(reserved) + " more reserved by calls still in flight";
  return out;
}

}  // namespace

double worst_case_usd(const ModelPrice& price, const llm::Request& request) {
  return worst_cost_usd(price, llm::input_token_bound(request), request.max_tokens);
}

core::Result<llm::AttemptTicket> CostGate::open(const llm::Request& request) {
  const ModelPrice* price = prices_.find(request.provider, request.model);
  if (price == nullptr && strict_)
    return core::fail(
        errc::unknown_model, "",
        "no price for " + request.provider + "/" + request.model +
            " in the price table; add it to a --prices file (a live call is never priced at $0)");
  if (!budget_) return llm::AttemptTicket{};
  const double worst = price ? worst_case_usd(*price, request) : 0;
  auto reservation = budget_->reserve(worst);
  if (!reservation)
    return core::fail(errc::budget_exceeded, "",
                      "the next call (worst case " + usd(worst) + ") would cross the budget cap of " +
                          usd(budget_->cap().value_or(0)) + " (" + spent_so_far(*budget_) +
                          "; --max-cost for a run, budget.max_usd for the bot); no further call was made");
  return llm::AttemptTicket{reservation->id, reservation->amount};
}

void CostGate::close(const llm::AttemptTicket& ticket, const llm::Request& request, llm::Response* answered,
                     bool maybe_billed) {
  const Budget::Reservation reservation{ticket.id, ticket.reserved_usd};
  if (!answered) {
    if (!budget_) return;
    if (maybe_billed)
      budget_->settle(reservation, ticket.reserved_usd);
    else
      budget_->release(reservation);
    return;
  }
  const ModelPrice* price = prices_.find(request.provider, request.model);
  if (answered->cost_usd == 0 && price) {
    TokenCounts used;
    used.input = answered->usage.input_tokens;
    used.output = answered->usage.output_tokens;
    used.cache_read = answered->usage.cache_read_tokens;
    used.cache_write_5m = answered->usage.cache_write_tokens;
    answered->cost_usd = cost_usd(*price, used);
  }
  if (budget_) budget_->settle(reservation, answered->cost_usd);
}

}  // namespace dq::cost
