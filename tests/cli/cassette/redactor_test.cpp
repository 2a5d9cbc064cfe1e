#include "cli/cassette/redactor.hpp"

#include <gtest/gtest.h>

namespace dq::cassette {
namespace {

TEST(Redactor, RedactsKeysTokensAndConfiguredSecretsEverywhere) {
  Redactor r({"my-very-own-secret-value"});
  EXPECT_EQ(r.redact("x-api-key: sk-ant-api03-abcdefghijklmnop"), "x-api-key: <redacted>");
  EXPECT_EQ(r.redact("Authorization: Bearer sk-or-v1-abcdefghijklmnop"), "Authorization: Bearer <redacted>");
  EXPECT_EQ(r.redact("/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/sendMessage"), "/bot<redacted>/sendMessage");
  EXPECT_EQ(r.redact("said my-very-own-secret-value twice: my-very-own-secret-value"), "said <redacted> twice: <redacted>");
  EXPECT_EQ(r.redact("sk-abcdefghijklmnopqrstuvwxyzABCDEF123"), "<redacted>");
  EXPECT_EQ(r.redact("an ordinary sentence with sk- in it"), "an ordinary sentence with sk- in it");
}

TEST(Redactor, FindsWhatIsLeftAndNamesThePatternNotTheSecret) {
  Redactor r({"my-very-own-secret-value"});
  auto found = r.find_secrets("{\"k\": \"sk-ant-api03-abcdefghijklmnop\"}");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0], "anthropic key (sk-ant-…)");
  EXPECT_EQ(r.find_secrets("x my-very-own-secret-value").front(), "a configured secret");
  EXPECT_TRUE(r.find_secrets(r.redact("sk-ant-api03-abcdefghijklmnop Bearer abcdefghijklmnop")).empty());
}

TEST(Redactor, HeadersAreAllowListed) {
  EXPECT_TRUE(Redactor::keep_request_header("anthropic-version"));
  EXPECT_FALSE(Redactor::keep_request_header("x-api-key"));
  EXPECT_FALSE(Redactor::keep_request_header("authorization"));
  EXPECT_TRUE(Redactor::keep_response_header("request-id"));
  EXPECT_FALSE(Redactor::keep_response_header("set-cookie"));
}

}  // namespace
}  // namespace dq::cassette
