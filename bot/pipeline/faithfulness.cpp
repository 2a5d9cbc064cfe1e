#include "bot/pipeline/faithfulness.hpp"

#include <cmath>

namespace dq::pipeline {
namespace {

bool same_value(double a, double b) {
  return std::fabs(a - b) <= 0.005 * std::max(1.0, std::fabs(b) * 1e-9);
}

bool matches(const DealTerm& said, const DealTerm& known) {
  if (said.kind != known.kind) return false;
  switch (said.kind) {
    case TermKind::money:
      return same_value(said.value, known.value) &&
             (said.currency.empty() || known.currency.empty() || said.currency == known.currency);
    case TermKind::percent:
      return same_value(said.value, known.value);
    case TermKind::date:
      if (said.canonical == known.canonical) return true;
      // "--MM-DD" (no year) is known from any "YYYY-MM-DD" with that month and day.
      return said.canonical.starts_with("--") && known.canonical.size() == 10 &&
             known.canonical.substr(4) == said.canonical.substr(1);
  }
  return false;
}

}  // namespace

std::string FaithfulnessResult::describe() const {
  if (invented.empty()) return {};
  std::string out;
  for (const auto& t : invented) {
    if (!out.empty()) out += ", ";
    out += std::string("invented ") + to_string(t.kind) + " '" + t.raw + "'";
  }
  return out + " (not in the facts or the conversation so far)";
}

FaithfulnessResult check_faithfulness(std::string_view reply, const std::vector<std::string>& known) {
  FaithfulnessResult result;
  std::vector<DealTerm> said = extract_deal_terms(reply);
  if (said.empty()) return result;
  std::vector<DealTerm> allowed;
  for (const auto& k : known) {
    auto terms = extract_deal_terms(k);
    allowed.insert(allowed.end(), std::make_move_iterator(terms.begin()),
                   std::make_move_iterator(terms.end()));
  }
  for (auto& term : said) {
    bool found = false;
    for (const auto& a : allowed)
      if (matches(term, a)) {
        found = true;
        break;
      }
    if (!found) result.invented.push_back(std::move(term));
  }
  return result;
}

}  // namespace dq::pipeline
