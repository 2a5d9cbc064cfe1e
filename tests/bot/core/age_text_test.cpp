#include "bot/core/age_text.hpp"

#include <gtest/gtest.h>

namespace dq::core {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(AgeText, ReadsAWholeNumberAndOneUnit) {
  EXPECT_EQ(parse_age("30d"), hours(30 * 24));
  EXPECT_EQ(parse_age("12h"), hours(12));
  EXPECT_EQ(parse_age("90m"), minutes(90));
  EXPECT_EQ(parse_age("45s"), seconds(45));
  EXPECT_EQ(parse_age("0d"), milliseconds(0));
}

TEST(AgeText, RefusesEverythingElse) {
  for (const char* bad : {"", "d", "30", "30x", "-1d", "1.5d", "30 d", " 30d", "30dd", "99999999999999d"})
    EXPECT_FALSE(parse_age(bad).has_value()) << "'" << bad << "'";
}

TEST(AgeText, PrintsTheLargestExactUnitSoItReadsBack) {
  EXPECT_EQ(age_text(hours(30 * 24)), "30d");
  EXPECT_EQ(age_text(hours(36)), "36h");
  EXPECT_EQ(age_text(minutes(90)), "90m");
  EXPECT_EQ(age_text(milliseconds(1500)), "1s");
  for (const char* text : {"7d", "36h", "90m", "45s"}) EXPECT_EQ(age_text(*parse_age(text)), text);
}

}  // namespace
}  // namespace dq::core
