#include "cli/commands/terminal.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace dq::cli {
namespace {

TEST(Terminal, ColourOnATerminalWhenNoColorIsUnsetOrEmpty) {
  EXPECT_TRUE(colour_wanted(true, nullptr));
  EXPECT_TRUE(colour_wanted(true, ""));
}

TEST(Terminal, NoColourWhenNoColorIsSetEvenOnATerminal) {
  EXPECT_FALSE(colour_wanted(true, "1"));
  EXPECT_FALSE(colour_wanted(true, "0"));
}

TEST(Terminal, NoColourWhenTheOutputIsNotATerminal) {
  EXPECT_FALSE(colour_wanted(false, nullptr));
  EXPECT_FALSE(colour_wanted(false, "1"));
}

// The environment is read by terminal_style, not by rendering: NO_COLOR wins whatever fd 1 is.
TEST(Terminal, TerminalStyleHonoursNoColorFromTheEnvironment) {
  const char* before = std::getenv("NO_COLOR");
  const std::optional<std::string> saved = before ? std::optional<std::string>(before) : std::nullopt;
  setenv("NO_COLOR", "1", 1);
  EXPECT_FALSE(terminal_style(1).color);
  unsetenv("NO_COLOR");
  EXPECT_EQ(terminal_style(1).color, isatty(1) == 1);
  if (saved) setenv("NO_COLOR", saved->c_str(), 1);
}

}  // namespace
}  // namespace dq::cli
