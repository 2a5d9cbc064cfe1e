#include "bot/chat/user_text.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "bot/core/utf8.hpp"

namespace dq::chat {
namespace {

bool is_text(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) return false;
    const std::size_t len = core::utf8_sequence_length(s, i);
    if (len == 0) return false;
    if (len == 2 && b == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) return false;  // C1 controls
    i += len;
  }
  return true;
}

// The elements people paste or type as markup; a bracketed word outside this list is left as text.
constexpr std::string_view kTags[] = {
    "a",      "abbr",   "audio",    "b",      "big",    "blockquote", "body", "br",     "button",
    "center", "code",   "del",      "div",    "em",     "embed",      "font", "form",   "h1",
    "h2",     "h3",     "h4",       "h5",     "h6",     "head",       "hr",   "html",   "i",
    "iframe", "img",    "input",    "ins",    "label",  "li",         "link", "mark",   "meta",
    "object", "ol",     "option",   "p",      "pre",    "q",          "s",    "script", "select",
    "small",  "source", "span",     "strike", "strong", "style",      "sub",  "sup",    "svg",
    "table",  "td",     "textarea", "title",  "tr",     "u",          "ul",   "video"};

bool is_tag_name(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(std::begin(kTags), std::end(kTags), lower) != std::end(kTags) || lower == "tg-spoiler" ||
         lower == "tg-emoji";
}

// Whether a tag starts at `s[i]` (a '<'): `<name>`, `</name>`, `<name/>`, `<name attr…>`, `<!--`.
bool tag_at(std::string_view s, std::size_t i) {
  std::string_view rest = s.substr(i + 1);
  if (rest.starts_with("!--")) return true;
  if (rest.starts_with('/')) rest.remove_prefix(1);
  std::size_t n = 0;
  while (n < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[n])) != 0 || rest[n] == '-')) ++n;
  if (n == 0 || !is_tag_name(rest.substr(0, n))) return false;
  rest.remove_prefix(n);
  if (rest.starts_with('>') || rest.starts_with("/>")) return true;
  if (rest.empty() || std::isspace(static_cast<unsigned char>(rest.front())) == 0) return false;
  const std::size_t close = rest.find('>');
  return close != std::string_view::npos && rest.substr(0, close).find('<') == std::string_view::npos;
}

}  // namespace

TextProblem check_user_text(std::string_view text) {
  if (!is_text(text)) return TextProblem::not_text;
  for (std::size_t i = text.find('<'); i != std::string_view::npos; i = text.find('<', i + 1))
    if (tag_at(text, i)) return TextProblem::html;
  return TextProblem::none;
}

}  // namespace dq::chat
