#include "cli/cassette/redactor.hpp"

#include <algorithm>
#include <array>
#include <regex>

namespace dq::cassette {
namespace {

struct Pattern {
  const char* name;
  std::regex re;
  const char* replacement;
};

const std::vector<Pattern>& patterns() {
  static const std::vector<Pattern> kPatterns = {
      {"anthropic key (sk-ant-…)", std::regex(R"(sk-ant-[A-Za-z0-9_-]{10,})"), "<redacted>"},
      {"openrouter key (sk-or-…)", std::regex(R"(sk-or-[A-Za-z0-9_-]{10,})"), "<redacted>"},
      {"openai-style key (sk-…)", std::regex(R"(sk-[A-Za-z0-9]{32,})"), "<redacted>"},
      {"bearer token", std::regex(R"(Bearer [A-Za-z0-9._-]{10,})"), "Bearer <redacted>"},
      {"telegram bot token", std::regex(R"(bot[0-9]{6,}:[A-Za-z0-9_-]{30,})"), "bot<redacted>"},
  };
  return kPatterns;
}

}  // namespace

Redactor::Redactor(std::vector<std::string> secrets) {
  for (auto& s : secrets)
    if (s.size() >= 8) secrets_.push_back(std::move(s));  // shorter values would redact ordinary words
  // Longest first, so a secret containing another is replaced whole.
  std::sort(secrets_.begin(), secrets_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string Redactor::redact(std::string_view text) const {
  std::string out(text);
  for (const auto& s : secrets_)
    for (std::size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos))
      out.replace(pos, s.size(), "<redacted>");
  for (const auto& p : patterns()) out = std::regex_replace(out, p.re, p.replacement);
  return out;
}

std::vector<std::string> Redactor::find_secrets(std::string_view text) const {
  std::vector<std::string> found;
  const std::string s(text);
  for (const auto& secret : secrets_)
    if (s.find(secret) != std::string::npos) {
      found.push_back("a configured secret");
      break;
    }
  for (const auto& p : patterns())
    if (std::regex_search(s, p.re)) found.push_back(p.name);
  return found;
}

bool Redactor::keep_request_header(std::string_view name) {
  static constexpr std::array<std::string_view, 5> kKeep{"anthropic-version", "content-type", "anthropic-beta",
                                                         "http-referer", "x-title"};
  return std::find(kKeep.begin(), kKeep.end(), name) != kKeep.end();
}

bool Redactor::keep_response_header(std::string_view name) {
  static constexpr std::array<std::string_view, 4> kKeep{"content-type", "request-id", "retry-after", "x-request-id"};
  return std::find(kKeep.begin(), kKeep.end(), name) != kKeep.end();
}

}  // namespace dq::cassette
