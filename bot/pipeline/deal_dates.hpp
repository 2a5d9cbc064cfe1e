#pragma once
// The date reader of the deal-term scanner (deal_terms.hpp lists the writings it accepts and their canonical
// forms). Internal: deal_terms.cpp calls it at the start of each word or number.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "bot/pipeline/deal_terms.hpp"

namespace dq::pipeline::detail {

// How a month may be written besides its full name and first three letters, and words that are a month
// name only when capitalised ("May 3" is a date, "you may 3 times" is the verb).
struct MonthName {
  std::string_view name;          // lowercase, full
  std::string_view extra_abbrev;  // lowercase, or empty
  bool needs_capital = false;
};
inline constexpr std::array<MonthName, 12> kMonthNames{{{"january", "", false},
                                                        {"february", "", false},
                                                        {"march", "", false},
                                                        {"april", "", false},
                                                        {"may", "", true},
                                                        {"june", "", false},
                                                        {"july", "", false},
                                                        {"august", "", false},
                                                        {"september", "sept", false},
                                                        {"october", "", false},
                                                        {"november", "", false},
                                                        {"december", "", false}}};

// At the start of a word: "March 3, 2027", "Mar. 3rd 2027", "March 3", "March 2027", "Q3 2027".
std::optional<DealTerm> read_date_at_word(std::string_view t, std::size_t pos);
// At the start of a number: "2027-03-03", "2027-03", "15/03/2027", "15.03.2027", "3rd of March, 2027".
std::optional<DealTerm> read_date_at_digit(std::string_view t, std::size_t pos);

}  // namespace dq::pipeline::detail
