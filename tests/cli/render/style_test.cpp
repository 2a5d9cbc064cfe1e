#include "cli/render/style.hpp"

#include <gtest/gtest.h>

namespace dq::render {
namespace {

TEST(Style, ColourOnlyWhenAskedFor) {
  EXPECT_EQ(Style{false}.red("x"), "x");
  EXPECT_EQ(Style{true}.red("x"), "\033[31mx\033[0m");
}

TEST(Style, FormatsDurationsMoneyAndCounts) {
  EXPECT_EQ(format_duration_us(850), "850 µs");
  EXPECT_EQ(format_duration_us(12'340), "12.3 ms");
  EXPECT_EQ(format_duration_us(1'240'000), "1.24 s");
  EXPECT_EQ(format_usd(0.01234), "$0.0123");
  EXPECT_EQ(format_count(1234567), "1,234,567");
  EXPECT_EQ(format_count(12), "12");
}

}  // namespace
}  // namespace dq::render
