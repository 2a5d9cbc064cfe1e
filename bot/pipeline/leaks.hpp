#pragma once
// The leak check: the counterpart must not give away its private goal. No money amount, percentage or date
// of the persona's private goal may appear in a counterpart reply unless it is also in the facts or was said
// earlier in the conversation (by either side): once on the table, a number is no longer a secret.
//
// "Appears" uses the faithfulness matching (faithfulness.hpp): money by value and currency, percentages by
// value, dates by canonical form. So a goal of "at least $17,500" is leaked by "$17,500" and by "17.5k",
// and a goal of "keep the raise under 8%" by "8 percent". The goal is read with BareNumbers::as_money, so
// "17500" in a goal counts as an amount.

#include <string>
#include <string_view>
#include <vector>

#include "bot/pipeline/deal_terms.hpp"

namespace dq::pipeline {

struct LeakResult {
  std::vector<DealTerm> leaked;  // in reply order, repeats included
  bool ok() const { return leaked.empty(); }
  // "leaked money $17,500 from the private goal (not in the facts or the conversation)": each distinct raw
  // text once, in reply order, joined by "; "; empty when ok.
  std::string describe() const;
};

// `known`: the facts, the opening, every earlier message of the conversation (user and counterpart), and
// the current user message.
LeakResult check_leaks(std::string_view reply, std::string_view private_goal,
                       const std::vector<std::string>& known);

}  // namespace dq::pipeline
