#include "cli/cost/confirmation.hpp"

#include <cmath>
#include <cstdio>

namespace dq::cost {
namespace {

// Cents of a plain decimal amount ("0.42", "12", "3.5", "0.420"); nullopt for anything else.
std::optional<long long> cents_of(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  if (!s.empty() && s.front() == '$') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  long long whole = 0;
  std::size_t i = 0;
  int digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) whole = whole * 10 + (s[i] - '0');
  if (digits == 0 || digits > 12) return std::nullopt;
  long long cents = whole * 100;
  if (i == s.size()) return cents;
  if (s[i] != '.') return std::nullopt;
  ++i;
  int frac_digits = 0;
  for (; i < s.size(); ++i, ++frac_digits) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    if (frac_digits == 0) cents += (s[i] - '0') * 10;
    else if (frac_digits == 1) cents += s[i] - '0';
    else if (s[i] != '0') return std::nullopt;  // "0.421" is not a whole number of cents
  }
  return cents;
}

}  // namespace

std::string format_confirmation_amount(double worst_usd) {
  long long cents = static_cast<long long>(std::ceil(worst_usd * 100.0 - 1e-9));
  if (cents < 1) cents = 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", cents / 100, cents % 100);
  return buf;
}

bool confirmation_matches(std::string_view typed, std::string_view expected_amount) {
  auto a = cents_of(typed);
  auto b = cents_of(expected_amount);
  return a && b && *a == *b;
}

core::Result<void> check_live_allowed(bool ci_env_set, bool stdin_is_tty, const std::optional<std::string>& flag,
                                      std::string_view expected) {
  if (ci_env_set)
    return core::fail("cost.refused_ci", "", "live mode is refused when CI is set: it spends money. Use --replay in CI");
  if (flag) {
    if (!confirmation_matches(*flag, expected))
      return core::fail("cost.confirm_mismatch", "",
                        "--confirm-cost " + *flag + " does not match the worst case " + std::string(expected) +
                            "; nothing was sent");
    return {};
  }
  if (!stdin_is_tty)
    return core::fail("cost.no_tty", "",
                      "live mode needs a typed confirmation and stdin is not a terminal; pass --confirm-cost " +
                          std::string(expected) + " to approve spending up to $" + std::string(expected));
  return {};
}

}  // namespace dq::cost
