#include "bot/pipeline/deal_chars.hpp"

namespace dq::pipeline::detail {

bool word_at(std::string_view t, std::size_t pos, std::string_view word) {
  if (pos > t.size() || t.size() - pos < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (lower(t[pos + i]) != word[i]) return false;
  const std::size_t end = pos + word.size();
  return end == t.size() || !is_alpha(t[end]);
}

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

std::size_t dash_at(std::string_view t, std::size_t pos) {
  if (char_at(t, pos, '-')) return 1;
  return t.substr(pos).starts_with("\xE2\x80\x93") ? 3 : 0;
}

std::size_t skip_run(std::string_view t, std::size_t pos, bool cross_blanks) {
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

bool glued_to_digits(std::string_view t, std::size_t end) {
  if (end >= t.size() || std::string_view(":./-").find(t[end]) == std::string_view::npos) return false;
  return digit_at(t, end + 1);
}

}  // namespace dq::pipeline::detail
