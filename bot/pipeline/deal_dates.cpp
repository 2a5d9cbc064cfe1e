#include "bot/pipeline/deal_dates.hpp"

#include <string>
#include <utility>

#include "bot/pipeline/deal_chars.hpp"

namespace dq::pipeline::detail {
namespace {

constexpr std::array<int, 13> kDaysIn{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

struct Part {
  int value;
  std::size_t end;
};

char upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

// A month name at pos: full, its first three letters (optionally with '.'), or its extra abbreviation
// (kMonthNames).
std::optional<Part> read_month(std::string_view t, std::size_t pos) {
  for (std::size_t m = 0; m < kMonthNames.size(); ++m) {
    const MonthName& month_name = kMonthNames[m];
    const int month = static_cast<int>(m) + 1;
    if (month_name.needs_capital && !char_at(t, pos, upper(month_name.name[0]))) continue;
    if (word_at(t, pos, month_name.name)) return Part{month, pos + month_name.name.size()};
    for (std::string_view abbrev : {month_name.name.substr(0, 3), month_name.extra_abbrev}) {
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

// "2027-03-03"; y == 0 gives "--03-03", d == 0 gives "2027-03".
std::string ymd(int y, int m, int d) {
  std::array<char, 16> buf{};
  std::size_t i = 0;
  auto put = [&](int v, int width) {
    for (int p = width - 1; p >= 0; --p) {
      buf[i + p] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    i += width;
  };
  if (y == 0)
    buf[i++] = '-';
  else
    put(y, 4);
  buf[i++] = '-';
  put(m, 2);
  if (d != 0) {
    buf[i++] = '-';
    put(d, 2);
  }
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

}  // namespace

std::optional<DealTerm> read_date_at_word(std::string_view t, std::size_t pos) {
  if (auto d = read_month_first_date(t, pos)) return d;
  return read_quarter(t, pos);
}

std::optional<DealTerm> read_date_at_digit(std::string_view t, std::size_t pos) {
  if (auto d = read_numeric_date(t, pos)) return d;
  return read_day_first_date(t, pos);
}

}  // namespace dq::pipeline::detail
