#pragma once
// Option checks whose messages a person reads at a glance ("must be greater than 0, got 0"), where CLI11's
// own would print its bounds to 309 digits. Includes CLI11: for *_command.cpp files only.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

namespace dq::cli {

inline std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// A number above 0 (a cap, a page).
inline CLI::Validator greater_than_zero() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double v = 0;
        if (!CLI::detail::lexical_cast(text, v)) return "must be a number, got '" + text + "'";
        return v > 0 ? std::string() : "must be greater than 0, got " + text;
      },
      "NUMBER > 0", "greater than 0");
}

// A number from `low` to `high`, both included.
inline CLI::Validator between(double low, double high) {
  return CLI::Validator(
      [low, high](std::string& text) -> std::string {
        double v = 0;
        if (!CLI::detail::lexical_cast(text, v)) return "must be a number, got '" + text + "'";
        if (v >= low && v <= high) return {};
        return "must be from " + number_text(low) + " to " + number_text(high) + ", got " + text;
      },
      "NUMBER in [" + number_text(low) + ", " + number_text(high) + "]", "between");
}

}  // namespace dq::cli
