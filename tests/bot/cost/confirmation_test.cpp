#include "bot/cost/confirmation.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace dq::cost {
namespace {

TEST(ConfirmationAmount, IsTheWorstCaseRoundedUpToTheCentWithTwoDecimals) {
  EXPECT_EQ(format_confirmation_amount(0.4201), "0.43");
  EXPECT_EQ(format_confirmation_amount(0.42), "0.42");
  EXPECT_EQ(format_confirmation_amount(0.1 + 0.2), "0.30") << "binary noise does not add a cent";
  EXPECT_EQ(format_confirmation_amount(0.419), "0.42");
  EXPECT_EQ(format_confirmation_amount(12), "12.00");
  EXPECT_EQ(format_confirmation_amount(12.001), "12.01");
  EXPECT_EQ(format_confirmation_amount(1234.5), "1234.50");
}

TEST(ConfirmationAmount, IsAtLeastOneCent) {
  EXPECT_EQ(format_confirmation_amount(0.004), "0.01");
  EXPECT_EQ(format_confirmation_amount(0), "0.01");
  EXPECT_EQ(format_confirmation_amount(-3), "0.01");
}

TEST(ConfirmationAmount, ANonFiniteWorstCaseGivesAnAmountNothingMatches) {
  const std::string nan = format_confirmation_amount(std::numeric_limits<double>::quiet_NaN());
  const std::string inf = format_confirmation_amount(std::numeric_limits<double>::infinity());
  EXPECT_EQ(nan, "nan");
  EXPECT_EQ(inf, "inf");
  EXPECT_FALSE(confirmation_matches(nan, nan));
  EXPECT_FALSE(confirmation_matches(inf, inf));
}

TEST(ConfirmationMatches, AcceptsTheAmountWithSpacesADollarSignAndTrailingZeros) {
  for (const char* typed : {"0.42", "$0.42", " 0.420 ", "0.42\n", "\t$0.4200\r\n", " $0.42"})
    EXPECT_TRUE(confirmation_matches(typed, "0.42")) << "'" << typed << "'";
  EXPECT_TRUE(confirmation_matches("12", "12.00"));
  EXPECT_TRUE(confirmation_matches("12.0", "12.00"));
  EXPECT_TRUE(confirmation_matches("$12.00", "12.00"));
}

TEST(ConfirmationMatches, RejectsAnythingElse) {
  for (const char* typed : {"yes",       "0.41",
                            "0.4",       "",
                            "0.42abc",   "1e3",
                            "0.421",     "$",
                            "-0.42",     "+0.42",
                            "0,42",      ".42",
                            "0.42.",     "0.",
                            "$ 0.42",    "0 .42",
                            "0.42 0.42", "42",
                            "nan",       "inf",
                            "0x2A",      "1000000000000.42"})
    EXPECT_FALSE(confirmation_matches(typed, "0.42")) << "'" << typed << "'";
  EXPECT_FALSE(confirmation_matches("1000", "1e3"));
  EXPECT_FALSE(confirmation_matches("", ""));
}

TEST(CheckLiveAllowed, IsRefusedOutrightWhenCiIsSetWhateverElseIsTrue) {
  for (bool tty : {false, true})
    for (const auto& flag : {std::optional<std::string>{}, std::optional<std::string>{"0.42"}}) {
      auto r = check_live_allowed(true, tty, flag, "0.42");
      ASSERT_FALSE(r.has_value());
      EXPECT_EQ(r.error().code, "cost.refused_ci");
      EXPECT_NE(r.error().message.find("live mode is refused when CI is set: it spends money"),
                std::string::npos);
    }
}

TEST(CheckLiveAllowed, WithoutATerminalOrAFlagItSaysWhichFlagAndAmountToPass) {
  auto r = check_live_allowed(false, false, std::nullopt, "0.42");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "cost.no_tty");
  EXPECT_NE(r.error().message.find("--confirm-cost 0.42"), std::string::npos) << r.error().message;
}

TEST(CheckLiveAllowed, AWrongFlagIsAMismatchThatSaysTheExpectedAmount) {
  for (bool tty : {false, true}) {
    auto r = check_live_allowed(false, tty, std::string("0.40"), "0.42");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, "cost.confirm_mismatch");
    EXPECT_NE(r.error().message.find("--confirm-cost 0.42"), std::string::npos) << r.error().message;
    EXPECT_EQ(check_live_allowed(false, tty, std::string("yes"), "0.42").error().code,
              "cost.confirm_mismatch");
  }
}

TEST(CheckLiveAllowed, ARightFlagOrATerminalLetsLiveModeGoOn) {
  EXPECT_TRUE(check_live_allowed(false, false, std::string("0.42"), "0.42").has_value());
  EXPECT_TRUE(check_live_allowed(false, false, std::string(" $0.420 "), "0.42").has_value());
  EXPECT_TRUE(check_live_allowed(false, true, std::string("0.42"), "0.42").has_value());
  EXPECT_TRUE(check_live_allowed(false, true, std::nullopt, "0.42").has_value()) << "the caller then asks";
}

}  // namespace
}  // namespace dq::cost
