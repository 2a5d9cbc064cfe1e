#pragma once
// Terminal styling. Whether to colour is the caller's decision (cli/commands/terminal.hpp reads the terminal
// and NO_COLOR); rendering only takes it as `Style{colour}`.

#include <string>
#include <string_view>

namespace dq::render {

struct Style {
  bool color = false;
  std::string green(std::string_view s) const { return wrap("32", s); }
  std::string red(std::string_view s) const { return wrap("31", s); }
  std::string yellow(std::string_view s) const { return wrap("33", s); }
  std::string dim(std::string_view s) const { return wrap("2", s); }
  std::string bold(std::string_view s) const { return wrap("1", s); }

 private:
  std::string wrap(const char* code, std::string_view s) const {
    if (!color) return std::string(s);
    return "\033[" + std::string(code) + "m" + std::string(s) + "\033[0m";
  }
};

// "12.3 ms", "1.24 s", "850 µs"
std::string format_duration_us(std::int64_t us);
// Where a check row belongs: "turn 3", "debrief" (turn 0), "conversation" (turn -1).
std::string check_place(int turn);
// "$0.0123"
std::string format_usd(double usd);
// "12,345"
std::string format_count(std::int64_t n);
// `s` followed by spaces up to `width` columns (UTF-8 characters); a longer `s` is left as it is.
std::string pad(std::string s, std::size_t width);

}  // namespace dq::render
