#include "cli/commands/status_line.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace dq::cli {
namespace {

render::LiveCounts counts(int done) {
  render::LiveCounts c;
  c.done = done;
  c.total = 2;
  c.passed = done;
  return c;
}

TEST(StatusLine, ShownOnATerminalUnlessNoColorOrADumbTerminal) {
  EXPECT_TRUE(live_status_wanted(true, nullptr, "xterm-256color"));
  EXPECT_TRUE(live_status_wanted(true, "", nullptr));
  EXPECT_FALSE(live_status_wanted(false, nullptr, "xterm"));
  EXPECT_FALSE(live_status_wanted(true, "1", "xterm"));
  EXPECT_FALSE(live_status_wanted(true, nullptr, "dumb"));
}

TEST(StatusLine, DisabledItPrintsOnlyTheLinesItIsGiven) {
  std::ostringstream out;
  StatusLine status(
      out, /*enabled=*/false, [] { return counts(0); }, std::chrono::milliseconds(0));
  status.redraw();
  status.print_above(out, "PASS  a\n");
  status.stop();
  EXPECT_EQ(out.str(), "PASS  a\n");
}

TEST(StatusLine, FinishedScenariosScrollAboveTheLineRedrawnInPlace) {
  std::ostringstream out;
  int done = 0;
  StatusLine status(
      out, /*enabled=*/true, [&] { return counts(done); }, std::chrono::milliseconds(0));
  status.redraw();
  ++done;
  status.print_above(out, "PASS  a\n");
  status.stop();
  EXPECT_EQ(out.str(),
            "\r\033[K0/2 scenarios · 0 passed · 0 failed · 0 calls · $0.0000 · 0 µs"
            "\r\033[KPASS  a\n"
            "\r\033[K1/2 scenarios · 1 passed · 0 failed · 0 calls · $0.0000 · 0 µs"
            "\r\033[K");
}

TEST(StatusLine, ErrorsGoToTheirStreamAfterTheLineIsCleared) {
  std::ostringstream out, err;
  StatusLine status(
      out, /*enabled=*/true, [] { return counts(0); }, std::chrono::milliseconds(0));
  status.redraw();
  status.print_above(err, "[store.busy] ...\n");
  EXPECT_EQ(err.str(), "[store.busy] ...\n");
  const std::string line = "0/2 scenarios · 0 passed · 0 failed · 0 calls · $0.0000 · 0 µs";
  EXPECT_EQ(out.str(), "\r\033[K" + line + "\r\033[K" + "\r\033[K" + line) << "cleared, then drawn again";
}

TEST(StatusLine, ALineWiderThanTheTerminalIsCutToFitSoItCanBeRedrawnInPlace) {
  std::ostringstream out;
  StatusLine status(
      out, /*enabled=*/true, [] { return counts(0); }, std::chrono::milliseconds(0),
      /*columns=*/21);
  status.redraw();
  EXPECT_EQ(out.str(), "\r\033[K0/2 scenarios · 0 pa");  // 20 characters; "·" is one
}

TEST(StatusLine, AfterStopNothingMoreIsDrawn) {
  std::ostringstream out;
  StatusLine status(
      out, /*enabled=*/true, [] { return counts(0); }, std::chrono::milliseconds(0));
  status.stop();
  status.redraw();
  status.print_above(out, "summary\n");
  EXPECT_EQ(out.str(), "summary\n");
}

}  // namespace
}  // namespace dq::cli
