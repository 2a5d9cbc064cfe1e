#pragma once
// The number reader of the deal-term scanner: money amounts and percentages, alone or as a range
// (deal_terms.hpp lists the writings it accepts and their canonical forms). Internal: deal_terms.cpp calls it
// at a digit, a currency symbol, a currency code or a word.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "bot/pipeline/deal_terms.hpp"

namespace dq::pipeline::detail {

// Numbers with a magnitude that name something else, so they are no amount when no currency is written:
// `digits` (as written: no separators, no decimals) with magnitude `mult` (k or thousand = 1e3).
struct NotAnAmount {
  std::string_view digits;
  double mult;
  std::string_view written;  // the usual spelling, e.g. "401k"
  std::string_view what;
};
inline constexpr std::array<NotAnAmount, 1> kNotAmounts{{{"401", 1e3, "401k", "the US retirement plan"}}};

// Nouns that a slang magnitude qualifies as an adjective: "3 grand pianos" are pianos, not 3,000.
inline constexpr std::array<std::string_view, 8> kNotAfterSlangMagnitude{
    "piano", "pianos", "prix", "slam", "slams", "opening", "prize", "total"};

// A currency marker at pos: a symbol ($ € £) or a code (USD EUR GBP, any case); its code and its end.
struct Currency {
  std::string_view code;
  std::size_t end;
};
std::optional<Currency> currency_symbol_at(std::string_view t, std::size_t pos);
std::optional<Currency> currency_code_at(std::string_view t, std::size_t pos);

// An amount or a percentage (or a range of two) at start: a currency marker or a digit. Appends the terms
// to `out` and returns where the scan goes on (always past start).
std::size_t scan_amount(std::string_view t, std::size_t start, BareNumbers bare, std::vector<DealTerm>& out);

// The same for a number written in words at start (the start of a word): "two million", "twenty-five
// percent", "seventeen thousand five hundred dollars", "half a million", "between two and three million".
// nullopt when no number word starts there; else as scan_amount.
std::optional<std::size_t> scan_word_amount(std::string_view t, std::size_t start, BareNumbers bare,
                                            std::vector<DealTerm>& out);

}  // namespace dq::pipeline::detail
