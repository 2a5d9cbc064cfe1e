#include "bot/llm/llm_types.hpp"

#include <gtest/gtest.h>

namespace dq::llm {
namespace {

TEST(TokenEstimate, IsAboutFourCharactersATokenRoundedUp) {
  EXPECT_EQ(estimate_tokens(""), 0);
  EXPECT_EQ(estimate_tokens("abc"), 1);
  EXPECT_EQ(estimate_tokens("abcd"), 1);
  EXPECT_EQ(estimate_tokens("abcde"), 2);
}

TEST(TokenEstimate, InputCountsSystemMessagesAndFramingPerMessage) {
  Request r;
  r.system = std::string(40, 'x');                                     // 10
  r.messages = {{"user", std::string(8, 'a')}, {"assistant", "hey"}};  // 4+2, 4+1
  EXPECT_EQ(estimate_input_tokens(r), 10 + 6 + 5);
}

}  // namespace
}  // namespace dq::llm
