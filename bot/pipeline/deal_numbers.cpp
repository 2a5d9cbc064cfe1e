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

struct Magnitude {
  double mult;
  std::size_t end;
};

// Is the word after a slang magnitude (at end) a noun it qualifies ("grand pianos", "mil-spec")?
bool before_qualified_noun(std::string_view t, std::size_t end) {
  if (char_at(t, end, '-') && alnum_at(t, end + 1)) return true;
  const std::size_t next = skip_blanks(t, end);
  for (std::string_view noun : kNotAfterSlangMagnitude)
    if (word_at(t, next, noun)) return true;
  return false;
}

// A magnitude word at pos: thousand, million, billion, trillion, or the slang grand, mil, mill.
std::optional<Magnitude> magnitude_word_at(std::string_view t, std::size_t pos) {
  for (auto [word, mult, slang] : {std::tuple{"thousand", 1e3, false},
                                   {"million", 1e6, false},
                                   {"billion", 1e9, false},
                                   {"trillion", 1e12, false},
                                   {"grand", 1e3, true},
                                   {"mil", 1e6, true},
                                   {"mill", 1e6, true}}) {
    const std::size_t end = pos + std::string_view(word).size();
    if (!word_at(t, pos, word)) continue;
    if (slang && before_qualified_noun(t, end)) return std::nullopt;
    return Magnitude{mult, end};
  }
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
    if (const auto m = magnitude_word_at(t, i)) {
      tail.mult = m->mult;
      tail.end = m->end;
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

// ---- numbers written in words ----

constexpr std::array<std::string_view, 20> kUnitWords{
    "zero",     "one",     "two",     "three",     "four",     "five",    "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
constexpr std::array<std::string_view, 8> kTensWords{"twenty", "thirty",  "forty",  "fifty",
                                                     "sixty",  "seventy", "eighty", "ninety"};

// A number read from words: its value and its end.
struct Read {
  double value;
  std::size_t end;
};

std::optional<Read> unit_word_at(std::string_view t, std::size_t pos) {
  for (std::size_t v = 0; v < kUnitWords.size(); ++v)
    if (word_at(t, pos, kUnitWords[v])) return Read{static_cast<double>(v), pos + kUnitWords[v].size()};
  return std::nullopt;
}

// 0-99: "seven", "nineteen", "forty", "forty-two", "forty two".
std::optional<Read> below_hundred_at(std::string_view t, std::size_t pos) {
  if (auto unit = unit_word_at(t, pos)) return unit;
  for (std::size_t k = 0; k < kTensWords.size(); ++k) {
    if (!word_at(t, pos, kTensWords[k])) continue;
    const Read tens{20.0 + 10.0 * static_cast<double>(k), pos + kTensWords[k].size()};
    const std::size_t next = char_at(t, tens.end, '-') ? tens.end + 1 : skip_blanks(t, tens.end);
    if (const auto unit = unit_word_at(t, next);
        unit && next > tens.end && unit->value >= 1 && unit->value <= 9)
      return Read{tens.value + unit->value, unit->end};
    return tens;
  }
  return std::nullopt;
}

// "hundred" after a count of 1-99 ("five hundred", "nineteen hundred"), then optionally "[and] forty-two".
std::optional<Read> hundreds(std::string_view t, Read count) {
  const std::size_t at = skip_blanks(t, count.end);
  if (count.value < 1 || !word_at(t, at, "hundred")) return std::nullopt;
  Read r{count.value * 100, at + 7};
  std::size_t i = skip_blanks(t, r.end);
  if (word_at(t, i, "and")) i = skip_blanks(t, i + 3);
  if (const auto rest = below_hundred_at(t, i); rest && rest->value > 0)
    r = Read{r.value + rest->value, rest->end};
  return r;
}

// A count below a thousand (or "nineteen hundred"): "seven", "forty-two", "five hundred and ten".
std::optional<Read> group_at(std::string_view t, std::size_t pos) {
  const auto count = below_hundred_at(t, pos);
  if (!count) return std::nullopt;
  if (auto h = hundreds(t, *count)) return h;
  return count;
}

// "and a half" after a count: "one and a half million".
Read with_half(std::string_view t, Read count) {
  const std::size_t and_at = skip_blanks(t, count.end);
  if (!word_at(t, and_at, "and")) return count;
  const std::size_t a = skip_blanks(t, and_at + 3);
  const std::size_t half = skip_blanks(t, a + 1);
  if (!word_at(t, a, "a") || !word_at(t, half, "half")) return count;
  return Read{count.value + 0.5, half + 4};
}

// `value` ending at `end`, kept only when a magnitude follows (after an "a" when `skip_a`: "half a million").
std::optional<Read> counted(std::string_view t, std::size_t end, double value, bool skip_a) {
  if (const std::size_t a = skip_blanks(t, end); skip_a && word_at(t, a, "a")) end = a + 1;
  if (!magnitude_word_at(t, skip_blanks(t, end))) return std::nullopt;
  return Read{value, end};
}

// The first count of a number in words: a group, maybe "and a half"; or the article "a" before "hundred" ("a
// hundred thousand") or a magnitude ("a million": `article` is set); or "half a" / "a half" before a
// magnitude.
std::optional<Read> leading_count(std::string_view t, std::size_t pos, bool& article) {
  if (const auto group = group_at(t, pos)) return with_half(t, *group);
  if (word_at(t, pos, "half")) return counted(t, pos + 4, 0.5, true);
  if (!word_at(t, pos, "a")) return std::nullopt;
  if (const std::size_t half = skip_blanks(t, pos + 1); word_at(t, half, "half"))
    return counted(t, half + 4, 0.5, false);
  if (auto h = hundreds(t, Read{1, pos + 1})) return h;
  article = true;
  return counted(t, pos + 1, 1, false);
}

// The count after a magnitude (at end), when it belongs to the same number: before a smaller magnitude ("two
// million [and] fifty thousand"), or ending the number after a thousand ("seventeen thousand five hundred").
// Anything else starts something new: "two million three years", "one million and two million".
std::optional<Read> next_group(std::string_view t, std::size_t end, double last_mult) {
  std::size_t i = skip_blanks(t, end);
  if (word_at(t, i, "and")) i = skip_blanks(t, i + 3);
  const auto group = group_at(t, i);
  if (!group) return std::nullopt;
  const auto m = magnitude_word_at(t, skip_blanks(t, group->end));
  if (m ? m->mult < last_mult : last_mult == 1e3) return group;
  return std::nullopt;
}

struct WordNumber {
  double value = 0;
  double mult = 1;       // the last magnitude; 1 when none
  bool article = false;  // the magnitude is counted by "a" alone: "a million", not "a hundred thousand"
  std::size_t end = 0;
};

// A number in words at pos: counts, each maybe followed by a magnitude, magnitudes decreasing.
std::optional<WordNumber> read_word_number(std::string_view t, std::size_t pos) {
  WordNumber n;
  auto group = leading_count(t, pos, n.article);
  if (!group) return std::nullopt;
  while (group) {
    const auto m = magnitude_word_at(t, skip_blanks(t, group->end));
    n.value += group->value * (m ? m->mult : 1);
    n.end = m ? m->end : group->end;
    if (!m) break;
    n.mult = m->mult;
    group = next_group(t, n.end, n.mult);
  }
  return n;
}

// The upper end of a range in words after the lower one (at end): "two to three million", "between two and
// three million", "five-six thousand".
std::optional<WordNumber> range_end_in_words(std::string_view t, std::size_t end) {
  std::size_t i = skip_blanks(t, end);
  if (word_at(t, i, "and"))
    i = skip_blanks(t, i + 3);
  else if (word_at(t, i, "to"))
    i = skip_blanks(t, i + 2);
  else if (const std::size_t w = dash_at(t, i))
    i = skip_blanks(t, i + w);
  else
    return std::nullopt;
  if (!group_at(t, i)) return std::nullopt;  // not "a" nor "half"
  return read_word_number(t, i);
}

// "two thousand twenty-seven" is a year, not money (as "2027" alone is not).
bool year_in_words(double value) {
  return value > 2000 && value < 2100;
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

std::optional<std::size_t> scan_word_amount(std::string_view t, std::size_t start, BareNumbers bare,
                                            std::vector<DealTerm>& out) {
  const auto first = read_word_number(t, start);
  if (!first) return std::nullopt;
  std::vector<WordNumber> numbers{*first};
  if (first->mult == 1)
    if (auto upper = range_end_in_words(t, first->end)) numbers.push_back(*upper);
  const WordNumber& last = numbers.back();
  const Tail tail = read_tail(t, last.end, false);
  const std::string_view raw = t.substr(start, tail.end - start);
  // A lower end with no magnitude shares the upper one's: "two to three million".
  const double shared = numbers.size() == 2 ? last.mult : 1;
  const bool magnitude = last.mult > 1 || tail.mult > 1;
  // "a thousand times", "a million reasons": with the article, only a currency makes it money.
  const bool article = numbers.size() == 1 && first->article;
  std::vector<DealTerm> terms;
  for (std::size_t k = 0; k < numbers.size(); ++k) {
    const double value = numbers[k].value * (k == 0 ? shared : 1) * tail.mult;
    if (tail.percent) {
      if (value != 100)  // "a hundred percent sure" is certainty, not a term
        terms.push_back(amount_term(raw, start, TermKind::percent, value, ""));
    } else if (!tail.currency.empty() || (magnitude && !article && !year_in_words(value)) ||
               (bare == BareNumbers::as_money && value >= 1000)) {
      terms.push_back(amount_term(raw, start, TermKind::money, value, tail.currency));
    }
  }
  if (terms.empty()) return last.end;
  for (auto& term : terms) out.push_back(std::move(term));
  return tail.end;
}

}  // namespace dq::pipeline::detail
