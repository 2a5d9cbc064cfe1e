#pragma once
// The character-level reading that the date reader (deal_dates) and the number reader (deal_numbers) share:
// ASCII classes, words, blanks (including no-break and thin spaces), dashes, and skipping a whole run.
// Internal to the deal-term scanner (deal_terms.hpp is the public face).

#include <cstddef>
#include <string_view>

namespace dq::pipeline::detail {

inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
inline bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool is_alnum(char c) {
  return is_digit(c) || is_alpha(c);
}
inline char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
inline bool digit_at(std::string_view t, std::size_t pos) {
  return pos < t.size() && is_digit(t[pos]);
}
inline bool alnum_at(std::string_view t, std::size_t pos) {
  return pos < t.size() && is_alnum(t[pos]);
}
inline bool char_at(std::string_view t, std::size_t pos, char c) {
  return pos < t.size() && t[pos] == c;
}

// Case-insensitive `word` (lowercase) at pos, not followed by a letter.
bool word_at(std::string_view t, std::size_t pos, std::string_view word);

// Length of the blank at pos: space, tab, no-break space, narrow no-break space, thin space.
std::size_t blank_at(std::string_view t, std::size_t pos);
std::size_t skip_blanks(std::string_view t, std::size_t pos);

// A hyphen or an en dash joining two numbers; returns its length.
std::size_t dash_at(std::string_view t, std::size_t pos);

// Past the rest of a word or a number-like run: letters, digits, and [.,:/'-] between digits; with
// `cross_blanks` also blanks between digits (a phone number). Never re-entered, so the scan stays linear.
std::size_t skip_run(std::string_view t, std::size_t pos, bool cross_blanks = false);

// Right after a number: is it glued to more digits by ':' '.' '/' '-' (a time, address, phone, date)?
bool glued_to_digits(std::string_view t, std::size_t end);

}  // namespace dq::pipeline::detail
