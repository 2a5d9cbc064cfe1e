#include "bot/cassette/redactor.hpp"

#include <gtest/gtest.h>

namespace dq::cassette {
namespace {

struct Secret {
  const char* name;
  std::string secret;
  std::string redacted;  // what the secret becomes
  std::string pattern;   // the name find_secrets reports
};

const std::string kTelegram = "bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";

class RedactorPattern : public ::testing::TestWithParam<Secret> {};

TEST_P(RedactorPattern, IsRedactedInABody) {
  const auto& p = GetParam();
  Redactor r;
  EXPECT_EQ(r.redact(R"({"note": "the key is )" + p.secret + R"(, ok"})"),
            R"({"note": "the key is )" + p.redacted + R"(, ok"})");
}

TEST_P(RedactorPattern, IsRedactedInAHeaderValue) {
  const auto& p = GetParam();
  Redactor r;
  EXPECT_EQ(r.redact(p.secret), p.redacted);
}

TEST_P(RedactorPattern, IsRedactedInAUrlPath) {
  const auto& p = GetParam();
  Redactor r;
  EXPECT_EQ(r.redact("/" + p.secret + "/sendMessage"), "/" + p.redacted + "/sendMessage");
}

TEST_P(RedactorPattern, IsFoundByNameAndNotFoundOnceRedacted) {
  const auto& p = GetParam();
  Redactor r;
  EXPECT_EQ(r.find_secrets("x " + p.secret + " y"), std::vector<std::string>{p.pattern});
  EXPECT_TRUE(r.find_secrets(r.redact("x " + p.secret + " y")).empty());
}

INSTANTIATE_TEST_SUITE_P(
    EveryPattern, RedactorPattern,
    ::testing::Values(
        Secret{"anthropic", "sk-ant-api03-abcdefghijklmnop_-Q", "<redacted>", "anthropic key (sk-ant-…)"},
        Secret{"openrouter", "sk-or-v1-0123456789abcdef", "<redacted>", "openrouter key (sk-or-…)"},
        Secret{"openai", "sk-abcdefghijklmnopqrstuvwxyzABCDEF123", "<redacted>", "openai-style key (sk-…)"},
        Secret{"bearer", "Bearer eyJhbGciOi.J9abc_def-ghi", "Bearer <redacted>", "bearer token"},
        Secret{"telegram", kTelegram, "bot<redacted>", "telegram bot token (bot…:…)"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(Redactor, RedactsATelegramTokenInsideAFullUrl) {
  Redactor r;
  EXPECT_EQ(r.redact("https://api.telegram.org/" + kTelegram + "/getUpdates?offset=3"),
            "https://api.telegram.org/bot<redacted>/getUpdates?offset=3");
}

TEST(Redactor, RedactsConfiguredSecretsOfAnyShapeEverywhere) {
  Redactor r({"my-very-own-secret-value", "short"});
  EXPECT_EQ(r.redact("said my-very-own-secret-value twice: my-very-own-secret-value"),
            "said <redacted> twice: <redacted>");
  EXPECT_EQ(r.redact("a short word"), "a short word") << "values under 8 characters are ignored";
  EXPECT_EQ(r.find_secrets("x my-very-own-secret-value"), std::vector<std::string>{"a configured secret"});
}

TEST(Redactor, ReplacesALongerConfiguredSecretWholeWhenItContainsAShorterOne) {
  Redactor r({"abcdefgh", "abcdefgh-and-more"});
  EXPECT_EQ(r.redact("[abcdefgh-and-more]"), "[<redacted>]");
}

TEST(Redactor, LeavesOrdinaryTextAlone) {
  Redactor r;
  for (const std::string text :
       {"an ordinary sentence with sk- in it", "sk-ant-short", "Bearer short",
        "bot12345:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "bot123456:tooshort", "robots are fine", "Bearer"}) {
    EXPECT_EQ(r.redact(text), text);
    EXPECT_TRUE(r.find_secrets(text).empty()) << text;
  }
}

TEST(Redactor, ReportsEachPatternFoundOnceInTableOrder) {
  Redactor r;
  auto found = r.find_secrets("Bearer abcdefghijklmnop and sk-ant-abcdefghijkl and sk-ant-zyxwvutsrqpo");
  EXPECT_EQ(found, (std::vector<std::string>{"anthropic key (sk-ant-…)", "bearer token"}));
}

TEST(Redactor, AllowsOnlyTheListedRequestHeadersWhateverTheirCase) {
  for (const char* kept : {"anthropic-version", "content-type", "anthropic-beta", "http-referer", "x-title",
                           "Content-Type", "HTTP-Referer", "X-Title"})
    EXPECT_TRUE(Redactor::keep_request_header(kept)) << kept;
  for (const char* dropped : {"x-api-key", "authorization", "Authorization", "cookie", "user-agent"})
    EXPECT_FALSE(Redactor::keep_request_header(dropped)) << dropped;
}

TEST(Redactor, AllowsOnlyTheListedResponseHeaders) {
  for (const char* kept : {"content-type", "request-id", "retry-after", "x-request-id", "Retry-After"})
    EXPECT_TRUE(Redactor::keep_response_header(kept)) << kept;
  for (const char* dropped : {"set-cookie", "cf-ray", "anthropic-organization-id", "date"})
    EXPECT_FALSE(Redactor::keep_response_header(dropped)) << dropped;
}

}  // namespace
}  // namespace dq::cassette
