// The wire side of the fake Telegram server's API: request parameters from query strings, forms, JSON and
// multipart bodies, and Telegram's parse_mode=HTML check.
#include <algorithm>
#include <cctype>
#include <set>

#include "tests/support/fake_telegram_api.hpp"

namespace dq::testing {
namespace {

using nlohmann::json;

std::string url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// A form value as the API reads it: JSON for object parameters, integers for numeric ones.
json typed_value(const std::string& key, const std::string& value) {
  static const std::set<std::string> kObjects{"reply_markup",         "commands", "allowed_updates",
                                              "link_preview_options", "entities", "scope"};
  static const std::set<std::string> kNumbers{"chat_id", "message_id", "offset", "limit", "timeout"};
  if (kObjects.contains(key)) {
    json j = json::parse(value, nullptr, false);
    return j.is_discarded() ? json(value) : j;
  }
  if (kNumbers.contains(key) && !value.empty() &&
      value.find_first_not_of("-0123456789") == std::string::npos) {
    try {
      return std::stoll(value);
    } catch (...) {
    }
  }
  return value;
}

void add_form(json& out, std::string_view text) {
  while (!text.empty()) {
    const auto amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const std::string key = url_decode(pair.substr(0, eq));
    const std::string value = eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1));
    out[key] = typed_value(key, value);
  }
}

std::string header_param(std::string_view header, std::string_view name) {
  const std::string needle = std::string(name) + "=";
  auto at = header.find(needle);
  if (at == std::string_view::npos) return {};
  std::string_view v = header.substr(at + needle.size());
  if (!v.empty() && v[0] == '"') {
    auto end = v.find('"', 1);
    return std::string(v.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1));
  }
  return std::string(v.substr(0, v.find(';')));
}

bool add_multipart(json& out, std::string_view content_type, std::string_view body, std::string* doc_name,
                   std::string* doc) {
  const std::string boundary = header_param(content_type, "boundary");
  if (boundary.empty()) return false;
  const std::string delimiter = "--" + boundary;
  std::size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return false;
  for (;;) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return true;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") return false;
    pos += 2;
    const auto head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) return false;
    const std::string_view head = body.substr(pos, head_end - pos);
    const auto next = body.find("\r\n" + delimiter, head_end + 4);
    if (next == std::string_view::npos) return false;
    const std::string_view content = body.substr(head_end + 4, next - head_end - 4);
    const std::string name = header_param(head, "name");
    const std::string file = header_param(head, "filename");
    if (!file.empty() && doc_name && doc) {
      *doc_name = file;
      *doc = std::string(content);
      out[name] = "attach://" + file;
    } else if (!name.empty()) {
      out[name] = typed_value(name, std::string(content));
    }
    pos = next + 2;
  }
}

const std::set<std::string>& supported_tags() {
  static const std::set<std::string> tags{"b",    "strong", "i",          "em",      "u",          "ins",
                                          "s",    "strike", "del",        "span",    "tg-spoiler", "a",
                                          "code", "pre",    "blockquote", "tg-emoji"};
  return tags;
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::optional<json> decode_params(std::string_view query, std::string_view content_type,
                                  std::string_view body, std::string* document_name, std::string* document) {
  json out = json::object();
  add_form(out, query);
  std::string type(content_type);
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  if (body.empty()) return out;
  if (type.starts_with("application/json")) {
    json j = json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    for (auto& [k, v] : j.items()) out[k] = v;
  } else if (type.starts_with("application/x-www-form-urlencoded")) {
    add_form(out, body);
  } else if (type.starts_with("multipart/form-data")) {
    if (!add_multipart(out, content_type, body, document_name, document)) return std::nullopt;
  } else {
    return std::nullopt;
  }
  return out;
}

std::size_t code_points(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string check_html(std::string_view html, std::string* visible) {
  std::vector<std::string> open;
  std::string text;
  for (std::size_t i = 0; i < html.size();) {
    const char c = html[i];
    if (c == '<') {
      const auto end = html.find('>', i);
      if (end == std::string_view::npos)
        return "Bad Request: can't parse entities: Unclosed start tag at byte offset " + std::to_string(i);
      std::string_view tag = html.substr(i + 1, end - i - 1);
      const bool closing = !tag.empty() && tag[0] == '/';
      if (closing) tag.remove_prefix(1);
      const std::string name(tag.substr(0, tag.find_first_of(" \t\n=")));
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
      if (!supported_tags().contains(lower))
        return "Bad Request: can't parse entities: Unsupported start tag \"" + name + "\" at byte offset " +
               std::to_string(i);
      if (closing) {
        if (open.empty() || open.back() != lower)
          return "Bad Request: can't parse entities: Unmatched end tag at byte offset " + std::to_string(i) +
                 ", expected \"</" + (open.empty() ? std::string() : open.back()) + ">\", found \"</" +
                 lower + ">\"";
        open.pop_back();
      } else {
        open.push_back(lower);
      }
      i = end + 1;
      continue;
    }
    if (c == '>')
      return "Bad Request: can't parse entities: Unmatched end of tag at byte offset " + std::to_string(i);
    if (c == '&') {
      const auto semi = html.find(';', i);
      if (semi == std::string_view::npos || semi - i > 10)
        return "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset " +
               std::to_string(i);
      const std::string_view name = html.substr(i + 1, semi - i - 1);
      if (name == "lt")
        text += '<';
      else if (name == "gt")
        text += '>';
      else if (name == "amp")
        text += '&';
      else if (name == "quot")
        text += '"';
      else if (name.size() > 1 && name[0] == '#') {
        unsigned long cp = 0;
        try {
          cp = name[1] == 'x' ? std::stoul(std::string(name.substr(2)), nullptr, 16)
                              : std::stoul(std::string(name.substr(1)));
        } catch (...) {
          return "Bad Request: can't parse entities: Unsupported HTML entity at byte offset " +
                 std::to_string(i);
        }
        append_utf8(text, cp);
      } else {
        return "Bad Request: can't parse entities: Unsupported HTML entity at byte offset " +
               std::to_string(i);
      }
      i = semi + 1;
      continue;
    }
    text += c;
    ++i;
  }
  if (!open.empty())
    return "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"" +
           open.back() + "\"";
  if (visible) *visible = std::move(text);
  return {};
}

}  // namespace dq::testing
