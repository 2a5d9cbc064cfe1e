#pragma once
// Internal to dq_scenario. The text of one scenario file, checked before any YAML parser sees it, and the
// mapping from parser positions to what an editor shows (1-based line, column counted in characters).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::scenario::detail {

// Scenario files are small by nature; anything bigger is a mistake or an attack, refused before parsing.
inline constexpr std::size_t kMaxScenarioBytes = 1024 * 1024;

class SourceText {
 public:
  // `text` must outlive this object. A leading UTF-8 byte order mark is skipped (yaml-cpp skips it too).
  // `kind` names the file in messages ("a scenario file holds…"); the bot's config file is read this way too.
  SourceText(std::string_view text, std::string file, std::string kind = "scenario");

  std::string_view text() const { return text_; }
  const std::string& file() const { return file_; }
  const std::string& kind() const { return kind_; }

  // `line0` and `byte_column0` as yaml-cpp counts them (0-based; columns in bytes). A negative line
  // (yaml-cpp's null mark) gives line 1 column 1.
  SourceLocation at(int line0, int byte_column0) const;
  SourceLocation at_offset(std::size_t offset) const;

  // scenario.too_large, or scenario.binary at the first NUL, control character or invalid UTF-8 byte.
  std::optional<core::Error> check_is_text() const;

 private:
  std::string_view text_;
  std::string file_;
  std::string kind_;
  std::vector<std::size_t> line_starts_;
};

}  // namespace dq::scenario::detail
