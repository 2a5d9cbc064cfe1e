#include "bot/pipeline/deal_terms.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <tuple>
#include <utility>

namespace dq::pipeline {
namespace {

// ---- characters -------------------------------------------------------------------------------------------

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
  return is_digit(c) || is_alpha(c);
}
char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool digit_at(std::string_view t, std::size_t pos) {
  return pos < t.size() && is_digit(t[pos]);
}
bool alnum_at(std::string_view t, std::size_t pos) {
  return pos < t.size() && is_alnum(t[pos]);
}
bool char_at(std::string_view t, std::size_t pos, char c) {
  return pos < t.size() && t[pos] == c;
}

// Case-insensitive `word` (lowercase) at pos, not followed by a letter.
bool word_at(std::string_view t, std::size_t pos, std::string_view word) {
  if (pos > t.size() || t.size() - pos < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (lower(t[pos + i]) != word[i]) return false;
  const std::size_t end = pos + word.size();
  return end == t.size() || !is_alpha(t[end]);
}

// Length of the blank at pos: space, tab, no-break space, narrow no-break space, thin space.
std::size_t blank_at(std::string_view t, std::size_t pos) {
  if (pos >= t.size()) return 0;
  if (t[pos] == ' ' || t[pos] == '\t') return 1;
  const std::string_view rest = t.substr(pos);
  if (rest.starts_with("\xC2\xA0")) return 2;
  if (rest.starts_with("\xE2\x80\xAF") || rest.starts_with("\xE2\x80\x89")) return 3;
  return 0;
}
std::size_t skip_blanks(std::string_view t, std::size_t pos) {
  while (std::size_t n = blank_at(t, pos)) pos += n;
  return pos;
}
// A hyphen or an en dash joining two numbers; returns its length.
std::size_t dash_at(std::string_view t, std::size_t pos) {
  if (char_at(t, pos, '-')) return 1;
  return t.substr(pos).starts_with("\xE2\x80\x93") ? 3 : 0;
}

// Past the rest of a word or a number-like run: letters, digits, and [.,:/'-] between digits; with
// `cross_blanks` also blanks between digits (a phone number). Never re-entered, so the scan stays linear.
std::size_t skip_run(std::string_view t, std::size_t pos, bool cross_blanks = false) {
  while (pos < t.size()) {
    if (is_alnum(t[pos])) {
      ++pos;
    } else if (std::string_view(".,:/'-").find(t[pos]) != std::string_view::npos && digit_at(t, pos + 1)) {
      pos += 1;
    } else if (std::size_t w = cross_blanks ? blank_at(t, pos) : 0; w && digit_at(t, pos + w)) {
      pos += w;
    } else {
      break;
    }
  }
  return pos;
}

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

// ---- numbers ----------------------------------------------------------------------------------------------

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
  for (; digit_at(t, i); ++i) add_digit(n, t[i]), ++n.int_digits;
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
        for (std::size_t k = 0; k < 3; ++k) add_digit(g, t[j + w + k]), ++g.int_digits;
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
    for (++i; digit_at(t, i); ++i)
      if (n.decimals < 6) add_digit(n, t[i]), ++n.decimals;
  } else if (char_at(t, i, ',') && grouped_by != ',' && digit_at(t, i + 1) && !digit_at(t, i + 3)) {
    // A decimal comma takes one or two digits; three would have been a thousands group.
    for (++i; digit_at(t, i); ++i) add_digit(n, t[i]), ++n.decimals;
  }
  n.end = i;
  return n;
}

// Right after a number: is it glued to more digits by ':' '.' '/' '-' (a time, address, phone, date)?
bool glued_to_digits(std::string_view t, std::size_t end) {
  if (end >= t.size() || std::string_view(":./-").find(t[end]) == std::string_view::npos) return false;
  return digit_at(t, end + 1);
}

// ---- dates ------------------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 12> kMonths{"january",   "february", "march",    "april",
                                                   "may",       "june",     "july",     "august",
                                                   "september", "october",  "november", "december"};
constexpr std::array<int, 13> kDaysIn{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

struct Part {
  int value;
  std::size_t end;
};

// A month name at pos: full, its first three letters (optionally with '.'), or "Sept". "May" needs its
// capital: "you may 3 times" is the verb.
std::optional<Part> read_month(std::string_view t, std::size_t pos) {
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    const int month = static_cast<int>(m) + 1;
    if (month == 5 && !char_at(t, pos, 'M')) continue;
    if (word_at(t, pos, kMonths[m])) return Part{month, pos + kMonths[m].size()};
    for (std::string_view abbrev : {kMonths[m].substr(0, 3), std::string_view(month == 9 ? "sept" : "")}) {
      if (abbrev.empty() || !word_at(t, pos, abbrev)) continue;
      const std::size_t end = pos + abbrev.size();
      return Part{month, char_at(t, end, '.') ? end + 1 : end};
    }
  }
  return std::nullopt;
}

// A day of month (1-31) with an optional ordinal suffix.
std::optional<Part> read_day(std::string_view t, std::size_t pos) {
  std::size_t i = pos;
  int d = 0;
  for (; digit_at(t, i) && i - pos < 3; ++i) d = d * 10 + (t[i] - '0');
  if (i - pos > 2 || d < 1 || d > 31) return std::nullopt;
  for (std::string_view suffix : {"st", "nd", "rd", "th"})
    if (word_at(t, i, suffix)) i += 2;
  if (alnum_at(t, i) || char_at(t, i, '%') ||
      ((char_at(t, i, '.') || char_at(t, i, ',') || char_at(t, i, ':')) && digit_at(t, i + 1)))
    return std::nullopt;
  return Part{d, i};
}

// A year 1900-2199 standing alone (not "20270", "2027k", "2027.5", "2027%").
std::optional<Part> read_year(std::string_view t, std::size_t pos) {
  int y = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    if (!digit_at(t, pos + k)) return std::nullopt;
    y = y * 10 + (t[pos + k] - '0');
  }
  const std::size_t end = pos + 4;
  if (alnum_at(t, end) || char_at(t, end, '%') || glued_to_digits(t, end) || y < 1900 || y > 2199)
    return std::nullopt;
  return Part{y, end};
}

// " 2027" or ", 2027" after a month or a day.
std::optional<Part> read_trailing_year(std::string_view t, std::size_t pos) {
  const std::size_t after_comma = char_at(t, pos, ',') ? pos + 1 : pos;
  const std::size_t i = skip_blanks(t, after_comma);
  if (i == after_comma) return std::nullopt;  // "March 3,2027" is too odd to trust
  return read_year(t, i);
}

std::string ymd(int y, int m, int d) {
  std::array<char, 16> buf{};
  std::size_t i = 0;
  auto put = [&](int v, int width) {
    for (int p = width - 1; p >= 0; --p) buf[i + p] = static_cast<char>('0' + v % 10), v /= 10;
    i += width;
  };
  if (y == 0)
    buf[i++] = '-';
  else
    put(y, 4);
  buf[i++] = '-';
  put(m, 2);
  if (d != 0) buf[i++] = '-', put(d, 2);
  return std::string(buf.data(), i);
}

bool valid_day(int m, int d) {
  return m >= 1 && m <= 12 && d >= 1 && d <= kDaysIn[m];
}

DealTerm date_term(std::string_view t, std::size_t pos, std::size_t end, std::string canonical,
                   std::string alternative = {}) {
  return DealTerm{
      TermKind::date,        std::string(t.substr(pos, end - pos)), std::move(canonical), pos, 0, "",
      std::move(alternative)};
}

// Up to `max` digits at pos, at least one; the value and the end.
std::optional<Part> read_digits(std::string_view t, std::size_t pos, std::size_t max) {
  int v = 0;
  std::size_t i = pos;
  for (; digit_at(t, i) && i - pos < max; ++i) v = v * 10 + (t[i] - '0');
  if (i == pos || digit_at(t, i)) return std::nullopt;
  return Part{v, i};
}

// 2027-03-03, 2027/03/03, 2027-03, 15/03/2027, 03/15/2027, 15.03.2027.
std::optional<DealTerm> read_numeric_date(std::string_view t, std::size_t pos) {
  auto first = read_digits(t, pos, 4);
  if (!first || first->end >= t.size()) return std::nullopt;
  const char sep = t[first->end];
  if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
  auto second = read_digits(t, first->end + 1, 2);
  if (!second) return std::nullopt;
  const bool third_follows = char_at(t, second->end, sep) && digit_at(t, second->end + 1);
  if (first->end - pos == 4) {  // year first
    const int y = first->value, m = second->value;
    if (y < 1900 || y > 2199) return std::nullopt;
    if (!third_follows) {
      if (sep != '-' || second->end - first->end != 3 || m < 1 || m > 12 || alnum_at(t, second->end) ||
          char_at(t, second->end, '%') || glued_to_digits(t, second->end))
        return std::nullopt;
      return date_term(t, pos, second->end, ymd(y, m, 0));
    }
    auto day = read_digits(t, second->end + 1, 2);
    if (!day || !valid_day(m, day->value)) return std::nullopt;
    // An ISO timestamp may follow: 2027-03-03T10:00.
    const bool timestamp = char_at(t, day->end, 'T') && digit_at(t, day->end + 1);
    if ((alnum_at(t, day->end) && !timestamp) || glued_to_digits(t, day->end)) return std::nullopt;
    return date_term(t, pos, day->end, ymd(y, m, day->value));
  }
  if (first->end - pos > 2 || !third_follows) return std::nullopt;
  auto year = read_year(t, second->end + 1);
  if (!year) return std::nullopt;
  const int a = first->value, b = second->value, y = year->value;
  const bool day_first = valid_day(b, a), month_first = valid_day(a, b) && sep != '.';
  if (!day_first && !month_first) return std::nullopt;
  if (!month_first) return date_term(t, pos, year->end, ymd(y, b, a));
  if (!day_first || a == b) return date_term(t, pos, year->end, ymd(y, a, b));
  return date_term(t, pos, year->end, ymd(y, a, b), ymd(y, b, a));
}

// March 3, 2027 / Mar. 3rd 2027 / March 3 / March 2027 / March, 2027.
std::optional<DealTerm> read_month_first_date(std::string_view t, std::size_t pos) {
  auto month = read_month(t, pos);
  if (!month) return std::nullopt;
  if (auto year = read_trailing_year(t, month->end))
    return date_term(t, pos, year->end, ymd(year->value, month->value, 0));
  const std::size_t i = skip_blanks(t, month->end);
  if (i == month->end) return std::nullopt;
  auto day = read_day(t, i);
  if (!day || !valid_day(month->value, day->value)) return std::nullopt;
  if (auto year = read_trailing_year(t, day->end))
    return date_term(t, pos, year->end, ymd(year->value, month->value, day->value));
  return date_term(t, pos, day->end, ymd(0, month->value, day->value));
}

// 3 March 2027 / 3rd of March, 2027 / 3 March.
std::optional<DealTerm> read_day_first_date(std::string_view t, std::size_t pos) {
  auto day = read_day(t, pos);
  if (!day) return std::nullopt;
  std::size_t i = skip_blanks(t, day->end);
  if (i == day->end) return std::nullopt;
  if (word_at(t, i, "of")) {
    const std::size_t after_of = skip_blanks(t, i + 2);
    if (after_of == i + 2) return std::nullopt;
    i = after_of;
  }
  auto month = read_month(t, i);
  if (!month || !valid_day(month->value, day->value)) return std::nullopt;
  if (auto year = read_trailing_year(t, month->end))
    return date_term(t, pos, year->end, ymd(year->value, month->value, day->value));
  return date_term(t, pos, month->end, ymd(0, month->value, day->value));
}

// Q3 2027 / Q3, 2027.
std::optional<DealTerm> read_quarter(std::string_view t, std::size_t pos) {
  if (lower(t[pos]) != 'q' || pos + 1 >= t.size() || t[pos + 1] < '1' || t[pos + 1] > '4')
    return std::nullopt;
  auto year = read_trailing_year(t, pos + 2);
  if (!year) return std::nullopt;
  return date_term(t, pos, year->end, std::to_string(year->value) + "-Q" + t[pos + 1]);
}

// ---- amounts ----------------------------------------------------------------------------------------------

struct Currency {
  std::string_view code;
  std::size_t end;
};

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

// An amount or a percentage (or a range of two) at start: a currency marker or a digit. Appends the terms
// to `out` and returns where the scan goes on (always past start).
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
  if (numbers.size() == 1 && tail.mult == 1e3 && currency.empty() && !first.grouped && first.decimals == 0 &&
      first.mantissa == 401 && first.int_digits == 3)
    return tail.end;  // the 401k retirement plan
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

// One step of the scan at pos: appends what starts there and returns where to go on (always past pos).
std::size_t scan_at(std::string_view t, std::size_t pos, BareNumbers bare, std::vector<DealTerm>& out) {
  const char c = t[pos];
  auto take = [&](DealTerm term) {
    const std::size_t end = term.offset + term.raw.size();
    out.push_back(std::move(term));
    return end;
  };
  if (is_alpha(c)) {  // always at the start of a word: words are skipped whole
    if (auto d = read_month_first_date(t, pos)) return take(std::move(*d));
    if (auto d = read_quarter(t, pos)) return take(std::move(*d));
    if (currency_code_at(t, pos)) {
      const std::size_t before = out.size();
      const std::size_t next = scan_amount(t, pos, bare, out);
      if (out.size() > before) return next;
    }
    return skip_run(t, pos);
  }
  if (is_digit(c)) {
    if (pos > 0 && (is_alnum(t[pos - 1]) || t[pos - 1] == '.' || t[pos - 1] == ',')) return skip_run(t, pos);
    if (auto d = read_numeric_date(t, pos)) return take(std::move(*d));
    if (auto d = read_day_first_date(t, pos)) return take(std::move(*d));
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
