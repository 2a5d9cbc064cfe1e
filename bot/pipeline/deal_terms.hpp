#pragma once
// Deal terms in free text: money amounts, percentages and dates, each with a canonical form so that
// "$450k", "450,000 USD" and "$450,000.00" compare equal. Pure, locale-independent, linear in the text.
//
// What counts:
//  - money: a currency marker ($ € £ before, USD/EUR/GBP before or after, dollars/euros/pounds after) or a
//    magnitude suffix (k, m, mn, bn, thousand, million, billion), or a bare number >= 1,000 written with
//    thousands separators ("450,000", "450 000"). Canonical "USD 450000", "? 1200000" (no currency written).
//  - percent: "12%", "12.5 %", "12 percent", "12 per cent". Canonical "12.5%".
//  - date: "2027-03-03", "March 3, 2027", "3 March 2027", "Mar 3 2027" -> "2027-03-03"; "March 2027" ->
//    "2027-03"; "Q3 2027" -> "2027-Q3"; "March 3" with no year -> "--03-03".
// What does not: plain small numbers ("3 employees", "turn 2"), a year alone ("since 2019"), times
// ("10:30"), phone-like digit runs ("555-0100"), ordinals standing alone ("3rd").

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dq::pipeline {

enum class TermKind { money, percent, date };
const char* to_string(TermKind kind);

struct DealTerm {
  TermKind kind;
  std::string raw;        // as written
  std::string canonical;  // normalised for comparison
  std::size_t offset;     // byte offset of raw in the text
  double value = 0;       // money and percent: the number (money in units, after k/m/bn)
  std::string currency;   // money: "USD" | "EUR" | "GBP" | "" (not written)
};

std::vector<DealTerm> extract_deal_terms(std::string_view text);

}  // namespace dq::pipeline
