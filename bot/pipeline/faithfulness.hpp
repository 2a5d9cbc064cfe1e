#pragma once
// The faithfulness check: the counterpart may only state deal terms it was given. Every money amount,
// percentage and date in its reply (deal_terms.hpp) must appear in the scenario's facts or in the
// conversation so far (what the trainee said, what the counterpart said before); anything else is invented,
// the worst failure a negotiation bot can have.
//
// Matching: amounts by value (currencies must agree when both are written; "$80k" is known from
// "80,000 USD", an amount with no currency matches any currency of the same value); percentages by value;
// dates by canonical form, except that a date written without a year ("March 3") matches a known date with
// that month and day.

#include <string>
#include <string_view>
#include <vector>

#include "bot/pipeline/deal_terms.hpp"

namespace dq::pipeline {

struct FaithfulnessResult {
  std::vector<DealTerm> invented;
  bool ok() const { return invented.empty(); }
  // "invented amount '$500,000', invented date 'June 5, 2027' (not in the facts or the conversation so far)";
  // empty when ok.
  std::string describe() const;
};

// `known`: the facts, every earlier message of the conversation, and the current user message.
FaithfulnessResult check_faithfulness(std::string_view reply, const std::vector<std::string>& known);

}  // namespace dq::pipeline
