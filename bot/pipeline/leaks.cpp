#include "bot/pipeline/leaks.hpp"

#include <utility>

#include "bot/pipeline/faithfulness.hpp"

namespace dq::pipeline {

std::string LeakResult::describe() const {
  return describe_terms(leaked, "leaked", " from the private goal (not in the facts or the conversation)");
}

LeakResult check_leaks(std::string_view reply, std::string_view private_goal,
                       const std::vector<std::string>& known) {
  LeakResult result;
  std::vector<DealTerm> said = extract_deal_terms(reply);
  if (said.empty()) return result;
  const KnownTerms secret({std::string(private_goal)});
  // Most replies repeat nothing of the goal: build the (larger) conversation's terms only when needed.
  std::vector<DealTerm> from_goal;
  for (auto& term : said)
    if (secret.contains(term)) from_goal.push_back(std::move(term));
  if (from_goal.empty()) return result;
  const KnownTerms on_the_table(known);
  for (auto& term : from_goal)
    if (!on_the_table.contains(term)) result.leaked.push_back(std::move(term));
  return result;
}

}  // namespace dq::pipeline
