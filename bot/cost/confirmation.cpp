#include "bot/cost/confirmation.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>

#include "bot/cost/cost_errors.hpp"

namespace dq::cost {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Cents of a plain amount: [ws] ["$"] digits ["." digits] [ws], where only the first two fraction digits
// may be non-zero. nullopt for anything else (signs, exponents, commas, "nan", more than 12 whole digits).
std::optional<std::int64_t> cents_of(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  if (!s.empty() && s.front() == '$') s.remove_prefix(1);
  std::size_t i = 0;
  std::int64_t whole = 0;
  for (; i < s.size() && is_digit(s[i]); ++i) {
    if (i == 12) return std::nullopt;
    whole = whole * 10 + (s[i] - '0');
  }
  if (i == 0) return std::nullopt;
  std::int64_t cents = whole * 100;
  if (i == s.size()) return cents;
  if (s[i] != '.' || i + 1 == s.size()) return std::nullopt;
  for (std::size_t k = 0, j = i + 1; j < s.size(); ++j, ++k) {
    if (!is_digit(s[j])) return std::nullopt;
    const int digit = s[j] - '0';
    if (k == 0)
      cents += digit * 10;
    else if (k == 1)
      cents += digit;
    else if (digit != 0)
      return std::nullopt;  // "0.421" is not a whole number of cents
  }
  return cents;
}

}  // namespace

std::string format_confirmation_amount(double worst_usd) {
  if (std::isnan(worst_usd)) return "nan";
  // 1e13 dollars is far past any real run and keeps the cents inside an int64.
  if (worst_usd >= 1e13) return "inf";
  if (worst_usd <= 0) return "0.01";
  // The small tolerance keeps binary noise (0.42 * 100 = 42.000000000000007) from adding a cent.
  auto cents = static_cast<std::int64_t>(std::ceil(worst_usd * 100.0 - 1e-7));
  if (cents < 1) cents = 1;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return buf;
}

bool confirmation_matches(std::string_view typed, std::string_view expected_amount) {
  const auto typed_cents = cents_of(typed);
  const auto expected_cents = cents_of(expected_amount);
  return typed_cents && expected_cents && *typed_cents == *expected_cents;
}

core::Result<void> check_live_allowed(bool ci_env_set, bool stdin_is_tty,
                                      const std::optional<std::string>& confirm_cost_flag,
                                      std::string_view expected_amount) {
  const std::string amount(expected_amount);
  if (ci_env_set)
    return core::fail(
        errc::refused_ci, "",
        "live mode is refused when CI is set: it spends money. Use --replay or --dry-run in CI");
  if (confirm_cost_flag) {
    if (!confirmation_matches(*confirm_cost_flag, amount))
      return core::fail(errc::confirm_mismatch, "--confirm-cost",
                        "'" + *confirm_cost_flag +
                            "' does not match the estimated worst case; pass --confirm-cost " + amount +
                            " to approve spending up to $" + amount + ". Nothing was sent");
    return {};
  }
  if (!stdin_is_tty)
    return core::fail(errc::no_tty, "",
                      "live mode needs the worst case typed to confirm, and stdin is not a terminal; pass "
                      "--confirm-cost " +
                          amount + " to approve spending up to $" + amount + ". Nothing was sent");
  return {};
}

}  // namespace dq::cost
