#include "bot/pipeline/deal_terms.hpp"

#include <utility>

#include "bot/pipeline/deal_chars.hpp"
#include "bot/pipeline/deal_dates.hpp"
#include "bot/pipeline/deal_numbers.hpp"

namespace dq::pipeline {
namespace {

using namespace detail;

// One step of the scan at pos: appends what starts there and returns where to go on (always past pos).
std::size_t scan_at(std::string_view t, std::size_t pos, BareNumbers bare, std::vector<DealTerm>& out) {
  const char c = t[pos];
  auto take = [&](DealTerm term) {
    const std::size_t end = term.offset + term.raw.size();
    out.push_back(std::move(term));
    return end;
  };
  if (is_alpha(c)) {  // always at the start of a word: words are skipped whole
    if (auto d = read_date_at_word(t, pos)) return take(std::move(*d));
    if (currency_code_at(t, pos)) {
      const std::size_t before = out.size();
      const std::size_t next = scan_amount(t, pos, bare, out);
      if (out.size() > before) return next;
    }
    if (const auto next = scan_word_amount(t, pos, bare, out)) return *next;
    return skip_run(t, pos);
  }
  if (is_digit(c)) {
    if (pos > 0 && (is_alnum(t[pos - 1]) || t[pos - 1] == '.' || t[pos - 1] == ',')) return skip_run(t, pos);
    if (auto d = read_date_at_digit(t, pos)) return take(std::move(*d));
    return scan_amount(t, pos, bare, out);
  }
  if (currency_symbol_at(t, pos)) return scan_amount(t, pos, bare, out);
  return pos + 1;
}

}  // namespace

const char* to_string(TermKind kind) {
  switch (kind) {
    case TermKind::money:
      return "money";
    case TermKind::percent:
      return "percent";
    case TermKind::date:
      return "date";
  }
  return "?";
}

std::vector<DealTerm> extract_deal_terms(std::string_view text, BareNumbers bare) {
  std::vector<DealTerm> terms;
  for (std::size_t pos = 0; pos < text.size();) pos = scan_at(text, pos, bare, terms);
  return terms;
}

}  // namespace dq::pipeline
