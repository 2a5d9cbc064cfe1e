#include "bot/scenario/source_text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "bot/core/utf8.hpp"
#include "bot/scenario/scenario_errors.hpp"

namespace dq::scenario::detail {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_continuation(unsigned char b) {
  return (b & 0xC0) == 0x80;
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
    } else if (const std::size_t len = core::utf8_sequence_length(text_, i); len == 0) {
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
