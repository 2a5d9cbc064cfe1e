#include "bot/scenario/source_text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "bot/scenario/scenario_errors.hpp"

namespace dq::scenario::detail {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_continuation(unsigned char b) {
  return (b & 0xC0) == 0x80;
}

// Length of the well-formed UTF-8 sequence starting at `s[i]`, or 0 if it is not one (Unicode 15, table 3-7:
// no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = at(i);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (!is_continuation(at(i + k))) return 0;
  }
  return len;
}

std::string hex_byte(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

}  // namespace

SourceText::SourceText(std::string_view text, std::string file, std::string kind)
    : text_(text), file_(std::move(file)), kind_(std::move(kind)) {
  if (text_.starts_with(kUtf8Bom)) text_.remove_prefix(kUtf8Bom.size());
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

SourceLocation SourceText::at(int line0, int byte_column0) const {
  if (line0 < 0 || byte_column0 < 0) return {file_, 1, 1};
  if (static_cast<std::size_t>(line0) >= line_starts_.size()) return {file_, line0 + 1, byte_column0 + 1};
  const std::size_t start = line_starts_[static_cast<std::size_t>(line0)];
  const std::size_t end = std::min(text_.size(), start + static_cast<std::size_t>(byte_column0));
  int column = 1;
  for (std::size_t i = start; i < end; ++i) {
    if (!is_continuation(static_cast<unsigned char>(text_[i]))) ++column;
  }
  return {file_, line0 + 1, column};
}

SourceLocation SourceText::at_offset(std::size_t offset) const {
  auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line0 = static_cast<int>(next - line_starts_.begin()) - 1;
  const std::size_t start = line_starts_[static_cast<std::size_t>(line0)];
  return at(line0, static_cast<int>(offset - start));
}

std::optional<core::Error> SourceText::check_is_text() const {
  if (text_.size() > kMaxScenarioBytes) {
    return core::Error{errc::too_large, file_,
                       "the text is " + std::to_string(text_.size()) + " bytes; a " + kind_ +
                           " file may be at most " + std::to_string(kMaxScenarioBytes) + " bytes (1 MiB)"};
  }
  for (std::size_t i = 0; i < text_.size();) {
    const auto b = static_cast<unsigned char>(text_[i]);
    std::string problem;
    if (b == 0) {
      problem = "a NUL byte";
    } else if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) {
      problem = "the control byte " + hex_byte(b);
    } else if (const std::size_t len = utf8_sequence_length(text_, i); len == 0) {
      problem = "the byte " + hex_byte(b) + ", which is not valid UTF-8";
    } else {
      i += len;
      continue;
    }
    return core::Error{errc::binary, at_offset(i).to_string(),
                       "this is not a text file: found " + problem + "; " + kind_ + " files are UTF-8 YAML"};
  }
  return std::nullopt;
}

}  // namespace dq::scenario::detail
