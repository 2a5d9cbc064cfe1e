#pragma once
// The faithfulness check: the counterpart may only state deal terms it was given. Every money amount,
// percentage and date in its reply (deal_terms.hpp says what counts and how it is normalised) must appear in
// the scenario's facts or in the conversation so far (what the trainee said, what the counterpart itself
// said before); anything else is invented, the worst failure a negotiation bot can have.
//
// Matching:
//  - money by value, to 4 decimals ("$450k" = "450,000 USD" = "$450,000.00"); the currencies must agree when
//    both sides write one ("$80k" is not known from "€80k"); an amount with no currency on either side
//    matches any currency of the same value. In the known texts a bare number >= 1,000 ("I offer 400000")
//    also counts as an amount with no currency;
//  - percentages by value ("12%" = "12 percent");
//  - dates by canonical form, strictly: "2027-03" is not known from "2027-03-03" nor the reverse. The one
//    exception: a date with no year ("March 3") is known from any known date with that month and day. An
//    ambiguous numeric date (04/03/2027) matches through either reading, on both sides.
// Cost: one scan of each text plus a hash lookup per reply term; linear in the total length.

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bot/pipeline/deal_terms.hpp"

namespace dq::pipeline {

// The deal terms of a set of texts, for the matching rules above. Shared with the leak check (leaks.hpp) so
// that "the same term" means the same thing in both checks. The texts are read with BareNumbers::as_money.
class KnownTerms {
 public:
  explicit KnownTerms(const std::vector<std::string>& texts);
  bool contains(const DealTerm& said) const;

 private:
  void add(const DealTerm& term);
  bool known_date(const std::string& date) const;

  // amount value ("450000") -> the currencies it was written with ("" = none)
  std::unordered_map<std::string, std::vector<std::string>> money_;
  std::unordered_set<std::string> percents_;
  std::unordered_set<std::string> dates_;
  std::unordered_set<std::string> month_days_;  // "--MM-DD" of every known full date
};

// "<verb> <kind> <raw><why>" for each distinct raw text once, in the order of `terms`, joined by "; ".
std::string describe_terms(const std::vector<DealTerm>& terms, std::string_view verb, std::string_view why);

struct FaithfulnessResult {
  std::vector<DealTerm> invented;  // in reply order, repeats included
  bool ok() const { return invented.empty(); }
  // "invented money $500,000 (not in the facts or the conversation); invented date June 5, 2027 (not in the
  // facts or the conversation)": each distinct raw text once, in reply order; empty when ok.
  std::string describe() const;
};

// `known`: the facts, every earlier message of the conversation (user and counterpart), and the current
// user message.
FaithfulnessResult check_faithfulness(std::string_view reply, const std::vector<std::string>& known);

}  // namespace dq::pipeline
