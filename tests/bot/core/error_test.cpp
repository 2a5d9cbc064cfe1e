#include "bot/core/error.hpp"

#include <gtest/gtest.h>

#include "bot/core/exit_code.hpp"

namespace dq::core {
namespace {

TEST(Error, PrintsCodeWhereAndMessage) {
  Error e{"scenario.unknown_key", "scenarios/raise.yaml:14:5", "unknown key 'contians'"};
  EXPECT_EQ(e.to_string(), "[scenario.unknown_key] scenarios/raise.yaml:14:5: unknown key 'contians'");
}

TEST(Error, LeavesOutAnEmptyLocation) {
  EXPECT_EQ((Error{"store.io", "", "disk full"}).to_string(), "[store.io] disk full");
}

TEST(Error, PrintsItsDetailAfterTheMessage) {
  Error e{"llm.client_error", "anthropic /v1/messages", "anthropic HTTP 400",
          ": messages.0: bad 'I offer 80k'"};
  EXPECT_EQ(e.to_string(),
            "[llm.client_error] anthropic /v1/messages: anthropic HTTP 400: messages.0: bad 'I offer 80k'");
  Result<int> r = fail("x.y", "", "z", "\n  quoted");
  EXPECT_EQ(r.error().detail, "\n  quoted");
}

TEST(Error, FailBuildsAnUnexpectedResult) {
  Result<int> r = fail("x.y", "", "z");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "x.y");
}

TEST(ExitCode, MatchesTheDocumentedNumbers) {
  EXPECT_EQ(to_int(ExitCode::ok), 0);
  EXPECT_EQ(to_int(ExitCode::checks_failed), 1);
  EXPECT_EQ(to_int(ExitCode::usage), 2);
  EXPECT_EQ(to_int(ExitCode::infrastructure), 3);
  EXPECT_EQ(to_int(ExitCode::interrupted), 130);
}

}  // namespace
}  // namespace dq::core
