#pragma once
// Ages and windows as people write them on a command line or in a config file: "30d", "12h", "90m", "45s"
// (a whole number, then one unit: d, h, m or s).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace dq::core {

// nullopt for anything else: no number, no unit, an unknown unit, a negative or absurd (> 100 years) value.
std::optional<std::chrono::milliseconds> parse_age(std::string_view text);

// "30d", "36h", "90m", "45s": the largest unit that divides it exactly (parse_age reads it back).
std::string age_text(std::chrono::milliseconds age);

}  // namespace dq::core
