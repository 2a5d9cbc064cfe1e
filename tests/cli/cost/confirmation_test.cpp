#include "cli/cost/confirmation.hpp"

#include <gtest/gtest.h>

namespace dq::cost {
namespace {

TEST(Confirmation, TheAmountIsTheWorstCaseRoundedUpToTheCent) {
  EXPECT_EQ(format_confirmation_amount(0.4201), "0.43");
  EXPECT_EQ(format_confirmation_amount(0.42), "0.42");
  EXPECT_EQ(format_confirmation_amount(0.004), "0.01");
  EXPECT_EQ(format_confirmation_amount(0), "0.01");
  EXPECT_EQ(format_confirmation_amount(12), "12.00");
}

TEST(Confirmation, AcceptsTheAmountWithDollarSignSpacesAndTrailingZeros) {
  for (const char* typed : {"0.42", "$0.42", " 0.420 ", "0.42\n"}) EXPECT_TRUE(confirmation_matches(typed, "0.42")) << typed;
  EXPECT_TRUE(confirmation_matches("12", "12.00"));
}

TEST(Confirmation, RejectsAnythingElse) {
  for (const char* typed : {"yes", "0.41", "0.4", "", "0.42abc", "1e3", "0.421", "$", "-0.42", "0,42"})
    EXPECT_FALSE(confirmation_matches(typed, "0.42")) << typed;
}

TEST(Confirmation, LiveIsRefusedInCiWithoutATerminalOrWithAWrongFlag) {
  EXPECT_EQ(check_live_allowed(true, true, std::string("0.42"), "0.42").error().code, "cost.refused_ci");
  auto no_tty = check_live_allowed(false, false, std::nullopt, "0.42");
  EXPECT_EQ(no_tty.error().code, "cost.no_tty");
  EXPECT_NE(no_tty.error().message.find("--confirm-cost 0.42"), std::string::npos);
  EXPECT_EQ(check_live_allowed(false, false, std::string("0.40"), "0.42").error().code, "cost.confirm_mismatch");
  EXPECT_TRUE(check_live_allowed(false, false, std::string("0.42"), "0.42").has_value());
  EXPECT_TRUE(check_live_allowed(false, true, std::nullopt, "0.42").has_value());
}

}  // namespace
}  // namespace dq::cost
