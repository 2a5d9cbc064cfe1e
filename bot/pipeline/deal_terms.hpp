#pragma once
// Deal terms in free text: money amounts, percentages and dates, each with a canonical form so that "$450k",
// "450,000 USD" and "$450,000.00" compare equal. Pure and locale-independent (no <locale>, no printf of
// floats); one left-to-right pass that reads each character a bounded number of times, so a megabyte of
// hostile text ("111 111 111 ... 111:11") is as quick as a megabyte of prose.
// The readers live in their own units: deal_numbers (money, percent), deal_dates, deal_chars (shared).
//
// Money, canonical "USD 450000", "EUR 1200000.5", "? 95000" (no currency written):
//  - currency: $ € £ before ("US$" too), USD/EUR/GBP before or after, € £ $ after, dollars/euros/pounds
//  after;
//  - number: 450000, 450,000, 450 000 (also no-break and thin spaces), 450'000, 1.200.000 (two or more dot
//    groups), decimals 3,000.50, and a decimal comma followed by one or two digits (€1,5m, 1.200,50);
//  - magnitude: k, m, mn, bn, thousand, million, billion, trillion, and the slang grand (1,000), mil and mill
//    (1,000,000); b and mm only after a currency ($2B, $5MM). A slang magnitude before a noun it qualifies
//    ("3 grand pianos", "2 mil-spec": kNotAfterSlangMagnitude in deal_numbers.hpp) is none;
//  - ranges "$400-500k", "€80–90k": both ends are terms and share the currency and the magnitude, and both
//    have the whole range as `raw`;
//  - a number is money when it has a currency, a magnitude, or thousands separators and is >= 1,000. So
//    "3 employees", "turn 2", "1000 units" and "2027" are not money; "10,000 units" is. Numbers that
//    name something else ("401k", the US retirement plan) are not money: kNotAmounts in deal_numbers.hpp.
// Percent, canonical "12.5%": 12%, 12.5 %, 12 percent, 12 per cent, 12 pct, 3 percentage points, 10-15%.
// Numbers in words, read as money or percent with the same canonical forms ("two million" -> "? 2000000"):
//  - counts zero to ninety-nine ("forty-two", "forty two"), hundreds ("five hundred and ten", "nineteen
//    hundred"), then magnitudes, each smaller than the one before ("two million one hundred thousand"). After
//    a magnitude a count without one is part of the number only after a thousand ("seventeen thousand five
//    hundred"), so "two million three years" ends at "two million";
//  - halves: "one and a half million", "half a million", "a half million";
//  - the article as one: "a hundred thousand dollars", "a million dollars";
//  - ranges "between two and three million", "two to three million", "ten-fifteen percent": the lower end
//    shares the upper one's magnitude and unit;
//  - they are money only with a currency word or symbol after them ("ten dollars") or a magnitude ("two
//    million even"), and percent only with a percent word or sign after them (as for digits). So "two cars",
//    "three years", "one of them", "a hundred reasons" are not terms. Also not terms: a magnitude counted by
//    the article alone with no currency ("a thousand times", "a million reasons", "one in a million"), a
//    hundred percent
//    ("a hundred percent sure"), and a year ("two thousand and nineteen": 2001 to 2099 with no currency);
//  - not read: ordinals ("first"), other fractions ("a quarter million", "two thirds"), "point" decimals
//    ("two point five million"), and words mixed with digits ("2 hundred thousand").
// Dates:
//  - 2027-03-03 (also 2027/03/03), March 3, 2027, 3 March 2027, Mar 3 2027, the 3rd of March 2027
//    -> "2027-03-03"; March 2027, March, 2027, 2027-03 -> "2027-03"; Q3 2027 -> "2027-Q3";
//  - March 3 or 3 March with no year -> "--03-03";
//  - numeric 15/03/2027, 03/15/2027, 15.03.2027 -> the only possible reading; 04/03/2027 could be April 3 or
//    4 March, so `canonical` is month first ("2027-04-03") and `alternative` day first ("2027-03-04"). Dotted
//    dates are day first.
// Not terms: a year alone ("since 2019", "in 2027"), times (10:30), phone-like digit runs (555-0100,
// +1 212 555 0100), versions and addresses (2.4.1, 192.168.0.1), ordinals (3rd), numbers glued to letters
// (Q3, H1, v2), and digit runs longer than 15 digits (ids).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dq::pipeline {

enum class TermKind { money, percent, date };
// "money", "percent", "date".
const char* to_string(TermKind kind);

struct DealTerm {
  TermKind kind;
  std::string raw;          // as written
  std::string canonical;    // normalised for comparison (see above)
  std::size_t offset;       // byte offset of raw in the text
  double value = 0;         // money and percent: the number (money in units, after k/m/bn)
  std::string currency;     // money: "USD" | "EUR" | "GBP" | "" (not written)
  std::string alternative;  // date: the other reading of an ambiguous numeric date, else empty
};

// How a bare number >= 1,000 with neither currency, magnitude nor separators ("450000", or in words "nineteen
// hundred") is read. The
// faithfulness check reads the texts it compares against with `as_money`, so that a trainee who typed
// "I offer 400000" lets the counterpart answer "$400,000".
enum class BareNumbers { ignored, as_money };

std::vector<DealTerm> extract_deal_terms(std::string_view text, BareNumbers bare = BareNumbers::ignored);

}  // namespace dq::pipeline
