#include "bot/cassette/redactor.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace dq::cassette {
namespace {

constexpr std::string_view kRedacted = "<redacted>";

enum class Chars { key, alnum, token, digits };  // [A-Za-z0-9_-], [A-Za-z0-9], [A-Za-z0-9._-], [0-9]

bool in(Chars chars, char c) {
  const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  switch (chars) {
    case Chars::key:
      return alnum || c == '_' || c == '-';
    case Chars::alnum:
      return alnum;
    case Chars::token:
      return alnum || c == '.' || c == '_' || c == '-';
    case Chars::digits:
      return c >= '0' && c <= '9';
  }
  return false;
}

// A literal followed by at least `min` characters of a class. Every pattern's parts are followed by a
// literal outside the previous class (or by nothing), so a greedy scan matches exactly what the regex would.
struct Part {
  std::string_view literal;
  Chars chars;
  std::size_t min;
};

struct Pattern {
  std::string_view name;
  std::array<Part, 2> parts;
  std::size_t part_count;
  std::string_view replacement;
};

constexpr std::array<Pattern, 5> kPatterns{{
    {"anthropic key (sk-ant-…)", {{{"sk-ant-", Chars::key, 10}}}, 1, "<redacted>"},
    {"openrouter key (sk-or-…)", {{{"sk-or-", Chars::key, 10}}}, 1, "<redacted>"},
    {"openai-style key (sk-…)", {{{"sk-", Chars::alnum, 32}}}, 1, "<redacted>"},
    {"bearer token", {{{"Bearer ", Chars::token, 10}}}, 1, "Bearer <redacted>"},
    {"telegram bot token (bot…:…)", {{{"bot", Chars::digits, 6}, {":", Chars::key, 30}}}, 2, "bot<redacted>"},
}};

// The end of the match of `p` starting at `at`, or 0 when it does not match there.
std::size_t match_at(const Pattern& p, std::string_view text, std::size_t at) {
  std::size_t pos = at;
  for (std::size_t i = 0; i < p.part_count; ++i) {
    const Part& part = p.parts[i];
    if (text.substr(pos, part.literal.size()) != part.literal) return 0;
    pos += part.literal.size();
    const std::size_t run_start = pos;
    while (pos < text.size() && in(part.chars, text[pos])) ++pos;
    if (pos - run_start < part.min) return 0;
  }
  return pos;
}

bool matches_anywhere(const Pattern& p, std::string_view text) {
  const std::string_view first = p.parts[0].literal;
  for (std::size_t at = text.find(first); at != std::string_view::npos; at = text.find(first, at + 1))
    if (match_at(p, text, at) != 0) return true;
  return false;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view name) {
  return std::any_of(list.begin(), list.end(),
                     [&](std::string_view k) { return equal_ignoring_case(k, name); });
}

}  // namespace

Redactor::Redactor(std::vector<std::string> secrets) {
  for (auto& s : secrets)
    if (s.size() >= 8) secrets_.push_back(std::move(s));
  std::sort(secrets_.begin(), secrets_.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  secrets_.erase(std::unique(secrets_.begin(), secrets_.end()), secrets_.end());
}

std::string Redactor::redact(std::string_view text) const {
  std::string known(text);
  for (const auto& s : secrets_)
    for (std::size_t pos = known.find(s); pos != std::string::npos;
         pos = known.find(s, pos + kRedacted.size()))
      known.replace(pos, s.size(), kRedacted);

  std::string out;
  out.reserve(known.size());
  for (std::size_t i = 0; i < known.size();) {
    std::size_t end = 0;
    const Pattern* hit = nullptr;
    for (const auto& p : kPatterns)
      if ((end = match_at(p, known, i)) != 0) {
        hit = &p;
        break;
      }
    if (hit != nullptr) {
      out += hit->replacement;
      i = end;
    } else {
      out += known[i++];
    }
  }
  return out;
}

std::vector<std::string> Redactor::find_secrets(std::string_view text) const {
  std::vector<std::string> found;
  if (std::any_of(secrets_.begin(), secrets_.end(), [&](const auto& s) { return text.find(s) != text.npos; }))
    found.emplace_back("a configured secret");
  for (const auto& p : kPatterns)
    if (matches_anywhere(p, text)) found.emplace_back(p.name);
  return found;
}

bool Redactor::keep_request_header(std::string_view name) {
  static constexpr std::array<std::string_view, 5> kKeep{"anthropic-version", "content-type",
                                                         "anthropic-beta", "http-referer", "x-title"};
  return listed(kKeep, name);
}

bool Redactor::keep_response_header(std::string_view name) {
  static constexpr std::array<std::string_view, 4> kKeep{"content-type", "request-id", "retry-after",
                                                         "x-request-id"};
  return listed(kKeep, name);
}

}  // namespace dq::cassette
