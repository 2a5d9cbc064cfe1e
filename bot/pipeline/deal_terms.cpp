#include "bot/pipeline/deal_terms.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <optional>

namespace dq::pipeline {
namespace {

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

// Case-insensitive: does `text` at `pos` start with `word`, ending at a word boundary?
bool word_at(std::string_view text, std::size_t pos, std::string_view word) {
  if (pos + word.size() > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (lower(text[pos + i]) != word[i]) return false;
  std::size_t end = pos + word.size();
  return end == text.size() || !is_alpha(text[end]);
}

std::size_t skip_spaces(std::string_view t, std::size_t pos) {
  while (pos < t.size() && t[pos] == ' ') ++pos;
  return pos;
}

struct Number {
  double value = 0;
  std::size_t end = 0;   // one past the last character
  int int_digits = 0;    // digits before the decimal point
  bool grouped = false;  // had thousands separators
  bool decimal = false;
};

// A number starting at pos (a digit): 1234, 1,234,567, 1 234 567, 12.5, 1,234.50.
std::optional<Number> read_number(std::string_view t, std::size_t pos) {
  Number n;
  std::size_t i = pos;
  double v = 0;
  int first_group = 0;
  while (i < t.size() && is_digit(t[i]) && first_group < 18) v = v * 10 + (t[i++] - '0'), ++first_group;
  if (first_group == 0) return std::nullopt;
  n.int_digits = first_group;
  // Thousands groups: a separator followed by exactly three digits (and not a fourth).
  if (first_group <= 3) {
    for (char sep : {',', ' ', '\''}) {
      std::size_t j = i;
      double w = v;
      int groups = 0;
      while (j + 3 < t.size() + 0 && t[j] == sep && is_digit(t[j + 1]) && is_digit(t[j + 2]) &&
             is_digit(t[j + 3]) && (j + 4 >= t.size() || !is_digit(t[j + 4]))) {
        w = w * 1000 + (t[j + 1] - '0') * 100 + (t[j + 2] - '0') * 10 + (t[j + 3] - '0');
        j += 4;
        ++groups;
      }
      if (groups > 0) {
        v = w;
        i = j;
        n.grouped = true;
        n.int_digits += 3 * groups;
        break;
      }
    }
  }
  if (i + 1 < t.size() && t[i] == '.' && is_digit(t[i + 1])) {
    double scale = 0.1;
    ++i;
    while (i < t.size() && is_digit(t[i])) v += (t[i++] - '0') * scale, scale /= 10;
    n.decimal = true;
  }
  n.value = v;
  n.end = i;
  return n;
}

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  std::string s = buf;
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return s;
}

constexpr std::array<std::string_view, 12> kMonths{"january",   "february", "march",    "april",
                                                   "may",       "june",     "july",     "august",
                                                   "september", "october",  "november", "december"};

// A month name (full, or its first three letters, optionally followed by '.') at pos; returns 1..12.
std::optional<std::pair<int, std::size_t>> read_month(std::string_view t, std::size_t pos) {
  if (pos > 0 && is_alpha(t[pos - 1])) return std::nullopt;
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (word_at(t, pos, kMonths[m])) return std::make_pair(static_cast<int>(m) + 1, pos + kMonths[m].size());
    if (m != 4 && word_at(t, pos, kMonths[m].substr(0, 3))) {
      std::size_t end = pos + 3;
      if (end < t.size() && t[end] == '.') ++end;
      return std::make_pair(static_cast<int>(m) + 1, end);
    }
    if (m == 8 && word_at(t, pos, "sept")) return std::make_pair(9, pos + 4);
  }
  return std::nullopt;
}

// A day of month (1-31) with an optional ordinal suffix, at pos.
std::optional<std::pair<int, std::size_t>> read_day(std::string_view t, std::size_t pos) {
  std::size_t i = pos;
  int d = 0, digits = 0;
  while (i < t.size() && is_digit(t[i]) && digits < 3) d = d * 10 + (t[i++] - '0'), ++digits;
  if (digits == 0 || digits > 2 || d < 1 || d > 31) return std::nullopt;
  for (std::string_view suffix : {"st", "nd", "rd", "th"})
    if (word_at(t, i, suffix)) {
      i += 2;
      break;
    }
  if (i < t.size() && is_alnum(t[i])) return std::nullopt;
  return std::make_pair(d, i);
}

// A four-digit year (1900-2199) at pos, standing alone.
std::optional<std::pair<int, std::size_t>> read_year(std::string_view t, std::size_t pos) {
  if (pos + 4 > t.size()) return std::nullopt;
  for (std::size_t k = 0; k < 4; ++k)
    if (!is_digit(t[pos + k])) return std::nullopt;
  if (pos + 4 < t.size() && is_alnum(t[pos + 4])) return std::nullopt;
  int y = (t[pos] - '0') * 1000 + (t[pos + 1] - '0') * 100 + (t[pos + 2] - '0') * 10 + (t[pos + 3] - '0');
  if (y < 1900 || y > 2199) return std::nullopt;
  return std::make_pair(y, pos + 4);
}

std::string ymd(int y, int m, int d) {
  char buf[16];
  if (y == 0)
    std::snprintf(buf, sizeof buf, "--%02d-%02d", m, d);
  else if (d == 0)
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// ", 2027" / " 2027" after a month-day.
std::optional<std::pair<int, std::size_t>> read_trailing_year(std::string_view t, std::size_t pos) {
  std::size_t i = pos;
  if (i < t.size() && t[i] == ',') ++i;
  i = skip_spaces(t, i);
  if (i == pos) return std::nullopt;
  return read_year(t, i);
}

std::optional<DealTerm> read_date(std::string_view t, std::size_t pos) {
  auto make = [&](std::string canonical, std::size_t end) {
    return DealTerm{TermKind::date, std::string(t.substr(pos, end - pos)), std::move(canonical), pos, 0, ""};
  };
  // 2027-03-03
  if (pos + 10 <= t.size() && t[pos + 4] == '-' && (pos == 0 || !is_alnum(t[pos - 1]))) {
    bool iso = true;
    for (std::size_t k : {0, 1, 2, 3, 5, 6, 8, 9}) iso = iso && is_digit(t[pos + k]);
    iso = iso && t[pos + 7] == '-' && (pos + 10 == t.size() || !is_alnum(t[pos + 10]));
    if (iso) {
      int yy = std::stoi(std::string(t.substr(pos, 4))), mm = std::stoi(std::string(t.substr(pos + 5, 2))),
          dd = std::stoi(std::string(t.substr(pos + 8, 2)));
      if (mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31) return make(ymd(yy, mm, dd), pos + 10);
    }
  }
  // Q3 2027
  if ((t[pos] == 'Q' || t[pos] == 'q') && pos + 1 < t.size() && t[pos + 1] >= '1' && t[pos + 1] <= '4' &&
      (pos == 0 || !is_alnum(t[pos - 1]))) {
    std::size_t i = skip_spaces(t, pos + 2);
    if (i > pos + 2)
      if (auto y = read_year(t, i)) return make(std::to_string(y->first) + "-Q" + t[pos + 1], y->second);
  }
  // March 3, 2027 / March 3 / March 2027
  if (auto m = read_month(t, pos)) {
    std::size_t i = skip_spaces(t, m->second);
    if (i > m->second) {
      if (auto y = read_year(t, i)) return make(ymd(y->first, m->first, 0), y->second);
      if (auto d = read_day(t, i)) {
        if (auto y = read_trailing_year(t, d->second))
          return make(ymd(y->first, m->first, d->first), y->second);
        return make(ymd(0, m->first, d->first), d->second);
      }
    }
  }
  // 3 March 2027 / 3 March
  if (is_digit(t[pos]) && (pos == 0 || !is_alnum(t[pos - 1]))) {
    if (auto d = read_day(t, pos)) {
      std::size_t i = skip_spaces(t, d->second);
      if (i < t.size() && t[i] == 'o' && word_at(t, i, "of")) i = skip_spaces(t, i + 2);
      if (i > d->second)
        if (auto m = read_month(t, i)) {
          if (auto y = read_trailing_year(t, m->second))
            return make(ymd(y->first, m->first, d->first), y->second);
          return make(ymd(0, m->first, d->first), m->second);
        }
    }
  }
  return std::nullopt;
}

struct Currency {
  std::string code;
  std::size_t end;
};

// A currency marker before an amount: "$", "€", "£", "USD", "EUR", "GBP" (and "US$").
std::optional<Currency> read_currency_prefix(std::string_view t, std::size_t pos) {
  if (t[pos] == '$') return Currency{"USD", pos + 1};
  if (t.substr(pos, 3) == "\xE2\x82\xAC") return Currency{"EUR", pos + 3};
  if (t.substr(pos, 2) == "\xC2\xA3") return Currency{"GBP", pos + 2};
  if (pos > 0 && is_alpha(t[pos - 1])) return std::nullopt;
  for (auto [word, code] : {std::pair{"usd", "USD"}, {"eur", "EUR"}, {"gbp", "GBP"}})
    if (word_at(t, pos, word)) return Currency{code, pos + 3};
  return std::nullopt;
}

std::optional<Currency> read_currency_suffix(std::string_view t, std::size_t pos) {
  std::size_t i = skip_spaces(t, pos);
  for (auto [word, code] : {std::pair{"usd", "USD"},
                            {"eur", "EUR"},
                            {"gbp", "GBP"},
                            {"dollars", "USD"},
                            {"dollar", "USD"},
                            {"euros", "EUR"},
                            {"euro", "EUR"},
                            {"pounds", "GBP"}})
    if (word_at(t, i, word)) return Currency{code, i + std::string_view(word).size()};
  if (t.substr(i, 3) == "\xE2\x82\xAC") return Currency{"EUR", i + 3};
  return std::nullopt;
}

// Magnitude suffix right after a number: k, m, mn, bn, thousand, million, billion.
std::pair<double, std::size_t> read_magnitude(std::string_view t, std::size_t pos) {
  for (auto [word, mult] : {std::pair{"k", 1e3}, {"m", 1e6}, {"mn", 1e6}, {"bn", 1e9}})
    if (word_at(t, pos, word)) return {mult, pos + std::string_view(word).size()};
  std::size_t i = skip_spaces(t, pos);
  for (auto [word, mult] : {std::pair{"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}})
    if (word_at(t, i, word)) return {mult, i + std::string_view(word).size()};
  return {1.0, pos};
}

// A money amount or a percentage starting at pos (a currency marker or a digit).
std::optional<DealTerm> read_amount(std::string_view t, std::size_t pos) {
  std::string currency;
  std::size_t num_pos = pos;
  if (auto c = read_currency_prefix(t, pos)) {
    currency = c->code;
    num_pos = skip_spaces(t, c->end);
    if (num_pos >= t.size() || !is_digit(t[num_pos])) return std::nullopt;
  } else if (!is_digit(t[pos]) ||
             (pos > 0 && (is_alnum(t[pos - 1]) || t[pos - 1] == '.' || t[pos - 1] == ','))) {
    return std::nullopt;
  }
  auto n = read_number(t, num_pos);
  if (!n) return std::nullopt;
  std::size_t end = n->end;
  // Times (10:30), phone-like runs (555-0100), and version-like tails are not amounts.
  if (end < t.size() && (t[end] == ':' || t[end] == '-' || t[end] == '/') && end + 1 < t.size() &&
      is_digit(t[end + 1]))
    return std::nullopt;

  // Percent.
  if (currency.empty()) {
    std::size_t i = skip_spaces(t, end);
    std::size_t pct_end = 0;
    if (i < t.size() && t[i] == '%')
      pct_end = i + 1;
    else if (word_at(t, i, "percent"))
      pct_end = i + 7;
    else if (word_at(t, i, "per") && word_at(t, skip_spaces(t, i + 3), "cent"))
      pct_end = skip_spaces(t, i + 3) + 4;
    if (pct_end) {
      return DealTerm{TermKind::percent,
                      std::string(t.substr(pos, pct_end - pos)),
                      number_text(n->value) + "%",
                      pos,
                      n->value,
                      ""};
    }
  }

  auto [mult, after_mag] = read_magnitude(t, end);
  double value = n->value * mult;
  end = after_mag;
  if (currency.empty())
    if (auto c = read_currency_suffix(t, end)) {
      currency = c->code;
      end = c->end;
    }
  const bool money = !currency.empty() || mult > 1.0 || (n->grouped && value >= 1000);
  if (!money) return std::nullopt;
  std::string canonical = (currency.empty() ? std::string("?") : currency) + " " + number_text(value);
  return DealTerm{TermKind::money, std::string(t.substr(pos, end - pos)), std::move(canonical), pos, value,
                  currency};
}

}  // namespace

const char* to_string(TermKind kind) {
  switch (kind) {
    case TermKind::money:
      return "amount";
    case TermKind::percent:
      return "percentage";
    case TermKind::date:
      return "date";
  }
  return "?";
}

std::vector<DealTerm> extract_deal_terms(std::string_view text) {
  std::vector<DealTerm> terms;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    const bool may_start = is_alnum(c) || c == '$' || c == '\xE2' || c == '\xC2';
    if (may_start) {
      if (auto d = read_date(text, pos)) {
        pos = d->offset + d->raw.size();
        terms.push_back(std::move(*d));
        continue;
      }
      if (auto a = read_amount(text, pos)) {
        pos = a->offset + a->raw.size();
        terms.push_back(std::move(*a));
        continue;
      }
    }
    // Skip the rest of a word or number so that we only start at boundaries.
    if (is_alnum(c)) {
      while (pos < text.size() && (is_alnum(text[pos]) || text[pos] == '.' || text[pos] == ',') &&
             !(text[pos] == '.' && (pos + 1 >= text.size() || !is_digit(text[pos + 1]))) &&
             !(text[pos] == ',' && (pos + 1 >= text.size() || !is_digit(text[pos + 1]))))
        ++pos;
    } else {
      ++pos;
    }
  }
  return terms;
}

}  // namespace dq::pipeline
