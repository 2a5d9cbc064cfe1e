#include "bot/telegram/telegram_text.hpp"

namespace dq::telegram {
namespace {

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for stray continuation bytes).
std::size_t utf8_width(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// One visible unit of `html` at `pos`: a tag (0 units), an entity (1) or a character (1, or 2 for a code
// point outside the BMP). Sets `units` and returns its byte length.
std::size_t next_token(std::string_view html, std::size_t pos, std::size_t& units, bool& is_tag) {
  is_tag = false;
  if (html[pos] == '<') {
    const std::size_t end = html.find('>', pos);
    if (end != std::string_view::npos) {
      is_tag = true;
      units = 0;
      return end - pos + 1;
    }
  }
  if (html[pos] == '&') {
    const std::size_t end = html.find(';', pos);
    if (end != std::string_view::npos && end - pos <= 10) {
      units = 1;
      return end - pos + 1;
    }
  }
  const std::size_t width = std::min(utf8_width(static_cast<unsigned char>(html[pos])), html.size() - pos);
  units = width == 4 ? 2 : 1;
  return width;
}

std::string tag_name(std::string_view tag) {  // "<a href=…>" -> "a", "</b>" -> "b"
  std::size_t i = tag.size() > 1 && tag[1] == '/' ? 2 : 1;
  std::size_t j = i;
  while (j < tag.size() && tag[j] != ' ' && tag[j] != '>') ++j;
  return std::string(tag.substr(i, j - i));
}

struct Chunker {
  std::size_t limit;
  std::vector<std::string> chunks;
  std::vector<std::string> open;  // opening tags in effect, outermost first
  std::string current;
  std::size_t used = 0;

  std::string closing() const {
    std::string s;
    for (auto it = open.rbegin(); it != open.rend(); ++it) s += "</" + tag_name(*it) + ">";
    return s;
  }
  void flush() {
    if (used == 0) return;  // nothing visible yet: a message of bare tags would be rejected
    chunks.push_back(current + closing());
    current.clear();
    for (const auto& t : open) current += t;
    used = 0;
  }
  void track(std::string_view tag) {
    if (tag.size() > 1 && tag[1] == '/') {
      const std::string name = tag_name(tag);
      for (auto it = open.rbegin(); it != open.rend(); ++it)
        if (tag_name(*it) == name) {
          open.erase(std::next(it).base());
          break;
        }
    } else if (!tag.ends_with("/>")) {
      open.emplace_back(tag);
    }
  }
  // Adds a piece (one line, or part of one) that fits in `limit` by itself.
  void add_piece(std::string_view piece) {
    if (used + visible_length(piece) > limit) flush();
    for (std::size_t pos = 0; pos < piece.size();) {
      std::size_t units = 0;
      bool is_tag = false;
      const std::size_t n = next_token(piece, pos, units, is_tag);
      if (is_tag) track(piece.substr(pos, n));
      current.append(piece.substr(pos, n));
      used += units;
      pos += n;
    }
  }
};

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::size_t visible_length(std::string_view html) {
  std::size_t total = 0;
  for (std::size_t pos = 0; pos < html.size();) {
    std::size_t units = 0;
    bool is_tag = false;
    pos += next_token(html, pos, units, is_tag);
    total += units;
  }
  return total;
}

std::vector<std::string> split_html_message(std::string_view html, std::size_t limit) {
  Chunker c{limit == 0 ? 1 : limit, {}, {}, {}, 0};
  for (std::size_t start = 0; start < html.size();) {
    std::size_t end = html.find('\n', start);
    end = end == std::string_view::npos ? html.size() : end + 1;  // the newline stays with its line
    std::string_view line = html.substr(start, end - start);
    if (visible_length(line) <= c.limit) {
      c.add_piece(line);
    } else {
      // A line longer than a whole message: cut it between tokens, never inside one.
      std::size_t piece_start = 0, units_in_piece = 0;
      for (std::size_t pos = 0; pos < line.size();) {
        std::size_t units = 0;
        bool is_tag = false;
        const std::size_t n = next_token(line, pos, units, is_tag);
        if (units_in_piece > 0 && units_in_piece + units > c.limit) {
          c.add_piece(line.substr(piece_start, pos - piece_start));
          c.flush();
          piece_start = pos;
          units_in_piece = 0;
        }
        units_in_piece += units;
        pos += n;
      }
      c.add_piece(line.substr(piece_start));
    }
    start = end;
  }
  c.flush();
  return c.chunks;
}

std::string html_to_plain(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  for (std::size_t pos = 0; pos < html.size();) {
    if (html[pos] == '<') {
      auto end = html.find('>', pos);
      if (end == std::string_view::npos) break;
      pos = end + 1;
      continue;
    }
    if (html[pos] == '&') {
      auto end = html.find(';', pos);
      if (end != std::string_view::npos && end - pos <= 10) {
        std::string_view name = html.substr(pos + 1, end - pos - 1);
        std::string decoded;
        if (name == "amp")
          decoded = "&";
        else if (name == "lt")
          decoded = "<";
        else if (name == "gt")
          decoded = ">";
        else if (name == "quot")
          decoded = "\"";
        else if (name.size() > 1 && name[0] == '#') {
          unsigned long cp = 0;
          bool ok = true;
          for (char c : name.substr(1)) {
            if (c < '0' || c > '9')
              ok = false;
            else
              cp = cp * 10 + static_cast<unsigned long>(c - '0');
            if (cp > 0x10FFFF) ok = false;
          }
          if (ok) {
            if (cp < 0x80)
              decoded += static_cast<char>(cp);
            else if (cp < 0x800) {
              decoded += static_cast<char>(0xC0 | (cp >> 6));
              decoded += static_cast<char>(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
              decoded += static_cast<char>(0xE0 | (cp >> 12));
              decoded += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
              decoded += static_cast<char>(0x80 | (cp & 0x3F));
            } else {
              decoded += static_cast<char>(0xF0 | (cp >> 18));
              decoded += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
              decoded += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
              decoded += static_cast<char>(0x80 | (cp & 0x3F));
            }
          }
        }
        if (!decoded.empty()) {
          out += decoded;
          pos = end + 1;
          continue;
        }
      }
    }
    out += html[pos++];
  }
  return out;
}

std::string clean_user_text(std::string_view text) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c >= 0x20 || c == '\n' || c == '\t') out += static_cast<char>(c);
      if (c == 0x7F) out.pop_back();
      ++i;
      continue;
    }
    const std::size_t width = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    bool ok = width != 0 && i + width <= text.size();
    for (std::size_t k = 1; ok && k < width; ++k)
      ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (ok && width == 3) {  // no overlongs, no surrogates
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && width == 4) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (ok) {
      out.append(text.substr(i, width));
      i += width;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

}  // namespace dq::telegram
