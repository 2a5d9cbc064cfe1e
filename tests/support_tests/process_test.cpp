// The e2e runner itself: a program that hangs fails its test with its threads' stacks, in time for ctest
// to show them, instead of being killed silently by the ctest timeout.
#include "tests/support/process.hpp"

#include <gtest/gtest.h>

namespace dq::testing {
namespace {

TEST(Process, AProgramPastItsDeadlineIsKilledAndItsStacksAreShown) {
  ProcessOptions options;
  options.deadline = std::chrono::seconds(1);
  auto r = run_process({"sleep", "60"}, options);
  EXPECT_EQ(r.exit_code, 128 + 9);
  EXPECT_NE(r.err.find("still running after 1 s: killed"), std::string::npos) << r.err;
  // gdb's backtrace: frame #0 is where sleep waits (clock_nanosleep).
  EXPECT_NE(r.err.find("#0 "), std::string::npos) << "no stack (is gdb installed?) in:\n" << r.err;
}

TEST(Process, AProgramWithinItsDeadlineReturnsItsExitCodeAndOutput) {
  auto r = run_process({"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
}

}  // namespace
}  // namespace dq::testing
