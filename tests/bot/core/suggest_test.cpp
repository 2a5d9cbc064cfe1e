#include "bot/core/suggest.hpp"

#include <gtest/gtest.h>

namespace dq::core {
namespace {

TEST(Suggest, CountsATranspositionAsOneEdit) {
  EXPECT_EQ(edit_distance("report", "repot"), 1);
  EXPECT_EQ(edit_distance("store", "sotre"), 1);
  EXPECT_EQ(edit_distance("", "abc"), 3);
  EXPECT_EQ(edit_distance("same", "same"), 0);
}

TEST(Suggest, NamesTheNearestCandidateWithinTheLimit) {
  const std::vector<std::string> commands{"run", "estimate", "cassettes", "validate", "report"};
  EXPECT_EQ(closest("repot", commands), "report");
  EXPECT_EQ(closest("valdiate", commands), "validate");
  EXPECT_EQ(closest("deploy", commands), "");
  EXPECT_EQ(did_you_mean("rnu", commands), " (did you mean 'run'?)");
  EXPECT_EQ(did_you_mean("xyzzy", commands), "");
}

TEST(Suggest, AWiderLimitReachesFartherNames) {
  const std::vector<std::string> models{"claude-sonnet-4-6", "claude-haiku-4-5"};
  EXPECT_EQ(closest("claude-sonet-4.6", models, 3), "claude-sonnet-4-6");
  EXPECT_EQ(closest("claude-sonet-4.6", models, 1), "");
}

}  // namespace
}  // namespace dq::core
