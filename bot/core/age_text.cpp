#include "bot/core/age_text.hpp"

#include <charconv>
#include <cstdint>

namespace dq::core {
namespace {

struct Unit {
  char suffix;
  std::int64_t ms;
};
constexpr Unit kUnits[] = {{'d', 86'400'000}, {'h', 3'600'000}, {'m', 60'000}, {'s', 1'000}};
constexpr std::int64_t kMaxMs = 100LL * 365 * 86'400'000;

}  // namespace

std::optional<std::chrono::milliseconds> parse_age(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  const char suffix = text.back();
  text.remove_suffix(1);
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 0) return std::nullopt;
  for (const Unit& u : kUnits) {
    if (u.suffix != suffix) continue;
    if (n > kMaxMs / u.ms) return std::nullopt;
    return std::chrono::milliseconds(n * u.ms);
  }
  return std::nullopt;
}

std::string age_text(std::chrono::milliseconds age) {
  const std::int64_t ms = age.count();
  for (const Unit& u : kUnits)
    if (ms != 0 && ms % u.ms == 0) return std::to_string(ms / u.ms) + u.suffix;
  return std::to_string(ms / 1000) + "s";
}

}  // namespace dq::core
