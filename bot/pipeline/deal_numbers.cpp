#include "bot/pipeline/deal_numbers.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "bot/pipeline/deal_chars.hpp"

namespace dq::pipeline::detail {
namespace {

std::string number_text(double v) {
  std::array<char, 96> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, 4);
  std::string s(buf.data(), ec == std::errc() ? end : buf.data());
  if (s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

constexpr int kMaxIntDigits = 15;  // beyond this a digit run is an id, not an amount (and doubles stay exact)

struct Number {
  std::int64_t mantissa = 0;  // the digits without separators or decimal point
  int decimals = 0;           // digits of the mantissa after the decimal point
  int int_digits = 0;
  std::size_t end = 0;
  bool grouped = false;        // thousands separators
  bool blank_grouped = false;  // ... and they were blanks
  // Multiplying before dividing keeps "1.2m" exactly 1200000.
  double scaled(double mult) const {
    double v = static_cast<double>(mantissa) * mult;
    for (int i = 0; i < decimals; ++i) v /= 10;
    return v;
  }
};

void add_digit(Number& n, char c) {
  if (n.int_digits + n.decimals < 18) n.mantissa = n.mantissa * 10 + (c - '0');
}

// The separator of a thousands group at j (',', '\'', '.', or a blank when sep == ' '); 0 when none.
std::size_t group_sep_at(std::string_view t, std::size_t j, char sep) {
  if (sep == ' ') return blank_at(t, j);
  return char_at(t, j, sep) ? 1 : 0;
}

// A number at pos (a digit): 1234, 1,234,567, 1 234 567, 1.234.567, 12.5, 1,234.50, 1.234,50, 1,5.
Number read_number(std::string_view t, std::size_t pos) {
  Number n;
  std::size_t i = pos;
  for (; digit_at(t, i); ++i) {
    add_digit(n, t[i]);
    ++n.int_digits;
  }
  char grouped_by = 0;
  if (n.int_digits <= 3) {
    for (char sep : {',', '\'', '.', ' '}) {
      std::size_t j = i;
      int groups = 0;
      Number g = n;
      while (std::size_t w = group_sep_at(t, j, sep)) {
        if (!digit_at(t, j + w) || !digit_at(t, j + w + 1) || !digit_at(t, j + w + 2) ||
            digit_at(t, j + w + 3))
          break;
        for (std::size_t k = 0; k < 3; ++k) {
          add_digit(g, t[j + w + k]);
          ++g.int_digits;
        }
        j += w + 3;
        ++groups;
      }
      if (groups == 0 || (sep == '.' && groups < 2)) continue;  // "1.234" is a decimal
      n = g;
      i = j;
      grouped_by = sep;
      n.grouped = true;
      n.blank_grouped = sep == ' ';
      break;
    }
  }
  if (char_at(t, i, '.') && grouped_by != '.' && digit_at(t, i + 1)) {
    for (++i; digit_at(t, i); ++i) {
      if (n.decimals < 6) {
        add_digit(n, t[i]);
        ++n.decimals;
      }
    }
  } else if (char_at(t, i, ',') && grouped_by != ',' && digit_at(t, i + 1) && !digit_at(t, i + 3)) {
    // A decimal comma takes one or two digits; three would have been a thousands group.
    for (++i; digit_at(t, i); ++i) {
      add_digit(n, t[i]);
      ++n.decimals;
    }
  }
  n.end = i;
  return n;
}

// Units after a number: a percent sign or word, a magnitude, a currency.
struct Tail {
  bool percent = false;
  double mult = 1;
  std::string_view currency;
  std::size_t end;
};

Tail read_tail(std::string_view t, std::size_t pos, bool has_currency) {
  Tail tail{false, 1, "", pos};
  std::size_t i = skip_blanks(t, pos);
  if (!has_currency) {
    if (char_at(t, i, '%')) return Tail{true, 1, "", i + 1};
    for (std::string_view word : {"percent", "percentage", "pct"})  // "3 percentage points"
      if (word_at(t, i, word)) return Tail{true, 1, "", i + word.size()};
    if (const std::size_t cent = skip_blanks(t, i + 3);
        word_at(t, i, "per") && cent > i + 3 && word_at(t, cent, "cent"))
      return Tail{true, 1, "", cent + 4};
  }
  for (auto [word, mult, needs_currency] : {std::tuple{"k", 1e3, false},
                                            {"m", 1e6, false},
                                            {"mn", 1e6, false},
                                            {"bn", 1e9, false},
                                            {"tn", 1e12, false},
                                            {"mm", 1e6, true},
                                            {"b", 1e9, true}})
    if ((has_currency || !needs_currency) && word_at(t, pos, word)) {
      tail.mult = mult;
      tail.end = pos + std::string_view(word).size();
      break;
    }
  if (tail.mult == 1)
    for (auto [word, mult] :
         {std::pair{"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12}})
      if (word_at(t, i, word)) {
        tail.mult = mult;
        tail.end = i + std::string_view(word).size();
        break;
      }
  if (has_currency) return tail;
  i = skip_blanks(t, tail.end);
  for (auto [word, code] : {std::pair{"usd", "USD"},
                            {"eur", "EUR"},
                            {"gbp", "GBP"},
                            {"dollars", "USD"},
                            {"dollar", "USD"},
                            {"euros", "EUR"},
                            {"euro", "EUR"},
                            {"pounds", "GBP"}})
    if (word_at(t, i, word)) return Tail{false, tail.mult, code, i + std::string_view(word).size()};
  // A symbol after the number, unless it starts the next amount ("80,000 €90,000").
  if (auto c = currency_symbol_at(t, i); c && !digit_at(t, skip_blanks(t, c->end)))
    return Tail{false, tail.mult, c->code, c->end};
  return tail;
}

DealTerm amount_term(std::string_view raw, std::size_t offset, TermKind kind, double value,
                     std::string_view currency) {
  std::string canonical =
      kind == TermKind::percent
          ? number_text(value) + "%"
          : (currency.empty() ? std::string("?") : std::string(currency)) + " " + number_text(value);
  return DealTerm{kind, std::string(raw), std::move(canonical), offset, value, std::string(currency), ""};
}

// A number (as written, `digits`) with magnitude `mult` that kNotAmounts says is no amount.
bool names_something_else(std::string_view digits, const Number& n, double mult) {
  if (n.grouped || n.decimals != 0) return false;
  for (const NotAnAmount& entry : kNotAmounts)
    if (entry.digits == digits && entry.mult == mult) return true;
  return false;
}

}  // namespace

std::optional<Currency> currency_symbol_at(std::string_view t, std::size_t pos) {
  const std::string_view rest = t.substr(pos);
  if (rest.starts_with("$")) return Currency{"USD", pos + 1};
  if (rest.starts_with("\xE2\x82\xAC")) return Currency{"EUR", pos + 3};
  if (rest.starts_with("\xC2\xA3")) return Currency{"GBP", pos + 2};
  return std::nullopt;
}

std::optional<Currency> currency_code_at(std::string_view t, std::size_t pos) {
  for (auto [word, code] : {std::pair{"usd", "USD"}, {"eur", "EUR"}, {"gbp", "GBP"}})
    if (word_at(t, pos, word)) return Currency{code, pos + 3};
  return std::nullopt;
}

std::size_t scan_amount(std::string_view t, std::size_t start, BareNumbers bare, std::vector<DealTerm>& out) {
  std::string_view currency;
  std::size_t num_pos = start;
  std::optional<Currency> prefix;
  if (!is_digit(t[start])) prefix = currency_symbol_at(t, start);
  if (!is_digit(t[start]) && !prefix) prefix = currency_code_at(t, start);
  if (const auto& c = prefix) {
    currency = c->code;
    num_pos = skip_blanks(t, c->end);
    if (!digit_at(t, num_pos)) return c->end;
  }
  std::vector<Number> numbers{read_number(t, num_pos)};
  if (std::size_t w = dash_at(t, numbers[0].end); w && digit_at(t, numbers[0].end + w))
    numbers.push_back(read_number(t, numbers[0].end + w));  // a range: 400-500k, 10–15%
  const Number& last = numbers.back();
  for (const Number& n : numbers)
    if (n.int_digits > kMaxIntDigits) return skip_run(t, num_pos, true);
  const bool phone_like =
      last.blank_grouped && blank_at(t, last.end) && digit_at(t, skip_blanks(t, last.end));
  if (glued_to_digits(t, last.end) || phone_like || (numbers.size() == 2 && dash_at(t, last.end)))
    return skip_run(t, num_pos, phone_like);

  const Tail tail = read_tail(t, last.end, !currency.empty());
  if (!tail.currency.empty()) currency = tail.currency;
  const std::string_view raw = t.substr(start, tail.end - start);
  const Number& first = numbers.front();
  const std::string_view first_digits = t.substr(num_pos, first.end - num_pos);
  if (numbers.size() == 1 && currency.empty() && names_something_else(first_digits, first, tail.mult))
    return tail.end;  // 401k and the like (kNotAmounts)
  const bool unit = tail.percent || !currency.empty() || tail.mult > 1;
  std::vector<DealTerm> terms;
  for (const Number& n : numbers) {
    const double value = n.scaled(tail.mult);
    if (tail.percent)
      terms.push_back(amount_term(raw, start, TermKind::percent, value, ""));
    else if (unit || (value >= 1000 && (n.grouped || bare == BareNumbers::as_money)))
      terms.push_back(amount_term(raw, start, TermKind::money, value, currency));
  }
  if (terms.empty()) return last.end;
  for (auto& term : terms) out.push_back(std::move(term));
  return tail.end;
}

}  // namespace dq::pipeline::detail
