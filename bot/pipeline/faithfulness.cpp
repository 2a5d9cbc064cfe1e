#include "bot/pipeline/faithfulness.hpp"

#include <algorithm>

namespace dq::pipeline {
namespace {

// The value part of a money canonical form: "USD 450000" -> "450000".
std::string_view amount_of(const DealTerm& term) {
  const std::string_view c = term.canonical;
  return c.substr(c.find(' ') + 1);
}

// "YYYY-MM-DD" -> "--MM-DD"; anything else -> "".
std::string without_year(std::string_view date) {
  if (date.size() != 10 || date[0] == '-') return {};
  return "-" + std::string(date.substr(4));
}

}  // namespace

KnownTerms::KnownTerms(const std::vector<std::string>& texts) {
  for (const auto& text : texts)
    for (auto& term : extract_deal_terms(text, BareNumbers::as_money)) add(term);
}

bool KnownTerms::contains(const DealTerm& said) const {
  switch (said.kind) {
    case TermKind::money: {
      auto it = money_.find(std::string(amount_of(said)));
      if (it == money_.end()) return false;
      if (said.currency.empty()) return true;
      for (const auto& currency : it->second)
        if (currency.empty() || currency == said.currency) return true;
      return false;
    }
    case TermKind::percent:
      return percents_.contains(said.canonical);
    case TermKind::date:
      return known_date(said.canonical) || (!said.alternative.empty() && known_date(said.alternative));
  }
  return false;
}

void KnownTerms::add(const DealTerm& term) {
  switch (term.kind) {
    case TermKind::money: {
      auto& currencies = money_[std::string(amount_of(term))];
      if (std::find(currencies.begin(), currencies.end(), term.currency) == currencies.end())
        currencies.push_back(term.currency);
      break;
    }
    case TermKind::percent:
      percents_.insert(term.canonical);
      break;
    case TermKind::date:
      for (const std::string* date : {&term.canonical, &term.alternative}) {
        if (date->empty()) continue;
        dates_.insert(*date);
        if (std::string md = without_year(*date); !md.empty()) month_days_.insert(std::move(md));
      }
      break;
  }
}

bool KnownTerms::known_date(const std::string& date) const {
  return dates_.contains(date) || (date.starts_with("--") && month_days_.contains(date));
}

std::string describe_terms(const std::vector<DealTerm>& terms, std::string_view verb, std::string_view why) {
  std::string out;
  std::unordered_set<std::string_view> named;
  for (const auto& term : terms) {
    if (!named.insert(term.raw).second) continue;
    if (!out.empty()) out += "; ";
    out += verb;
    out += ' ';
    out += to_string(term.kind);
    out += ' ';
    out += term.raw;
    out += why;
  }
  return out;
}

std::string FaithfulnessResult::describe() const {
  return describe_terms(invented, "invented", " (not in the facts or the conversation)");
}

FaithfulnessResult check_faithfulness(std::string_view reply, const std::vector<std::string>& known) {
  FaithfulnessResult result;
  std::vector<DealTerm> said = extract_deal_terms(reply);
  if (said.empty()) return result;
  const KnownTerms allowed(known);
  for (auto& term : said)
    if (!allowed.contains(term)) result.invented.push_back(std::move(term));
  return result;
}

}  // namespace dq::pipeline
