#include "bot/llm/provider_llm_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "tests/support/run_loop.hpp"
#include "tests/support/scripted_http_client.hpp"

namespace dq::llm {
namespace {

namespace asio = boost::asio;

const char* kOk =
    R"({"type":"message","model":"m","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn",
  "usage":{"input_tokens":1,"output_tokens":1}})";

RetryPolicy fast() {
  return {4, std::chrono::milliseconds(1), std::chrono::milliseconds(4), 0.25, std::chrono::seconds(5)};
}

core::Result<Response> run(LlmClient& client, Request request = {}) {
  request.provider = "anthropic";
  request.model = "m";
  request.max_tokens = 10;
  request.messages = {{"user", "hi"}};
  asio::io_context io;
  return testing::run_to_completion(io, client.complete(request));
}

ProviderConfig config() {
  return {"anthropic", "http://127.0.0.1:9", "sk-test", "2023-06-01", std::chrono::seconds(5)};
}

TEST(ProviderLlmClient, RetriesOverloadedAndServerErrorsThenSucceeds) {
  testing::ScriptedHttpClient http;
  http.respond(529, R"({"type":"error","error":{"type":"overloaded_error","message":"busy"}})");
  http.respond(500, "{}");
  http.fail({"http.timeout", "", "slow"});
  http.respond(200, kOk);
  ProviderLlmClient client(http, config(), fast());
  auto r = run(client);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(http.requests.size(), 4u);
}

TEST(ProviderLlmClient, HonoursRetryAfterOnRateLimits) {
  testing::ScriptedHttpClient http;
  http.respond(429, R"({"type":"error","error":{"type":"rate_limit_error"}})", {{"retry-after", "0.2"}});
  http.respond(200, kOk);
  ProviderLlmClient client(http, config(), fast());
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(run(client).has_value());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
}

TEST(ProviderLlmClient, ARetryAfterLongerThanTheCapIsAnErrorNotAWait) {
  testing::ScriptedHttpClient http;
  http.respond(429, R"({"type":"error","error":{"type":"rate_limit_error"}})", {{"retry-after", "3600"}});
  ProviderLlmClient client(http, config(), fast());
  auto r = run(client);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "llm.rate_limited");
  EXPECT_EQ(http.requests.size(), 1u);
}

TEST(ProviderLlmClient, ClientErrorsAndMalformedBodiesAreNotRetried) {
  testing::ScriptedHttpClient http;
  http.respond(
      400,
      R"({"type":"error","error":{"type":"invalid_request_error","message":"temperature is deprecated"}})");
  ProviderLlmClient client(http, config(), fast());
  auto r = run(client);
  EXPECT_EQ(r.error().code, "llm.client_error");
  EXPECT_EQ(http.requests.size(), 1u);

  testing::ScriptedHttpClient http2;
  http2.respond(200, "not json");
  ProviderLlmClient client2(http2, config(), fast());
  EXPECT_EQ(run(client2).error().code, "llm.bad_response");
  EXPECT_EQ(http2.requests.size(), 1u);
}

TEST(ProviderLlmClient, GivesUpAfterMaxAttemptsAndSaysSo) {
  testing::ScriptedHttpClient http;
  for (int i = 0; i < 4; ++i) http.respond(500, "{}");
  ProviderLlmClient client(http, config(), fast());
  auto r = run(client);
  EXPECT_EQ(r.error().code, "llm.server_error");
  EXPECT_NE(r.error().message.find("gave up after 4 attempts"), std::string::npos);
  EXPECT_EQ(http.requests.size(), 4u);
}

TEST(ProviderLlmClient, BackoffDoublesUpToTheCapMinusJitter) {
  RetryPolicy p{5, std::chrono::milliseconds(500), std::chrono::milliseconds(8000), 0.25,
                std::chrono::seconds(60)};
  EXPECT_EQ(backoff_delay(p, 1, 0.0).count(), 500);
  EXPECT_EQ(backoff_delay(p, 2, 0.0).count(), 1000);
  EXPECT_EQ(backoff_delay(p, 6, 0.0).count(), 8000);
  EXPECT_EQ(backoff_delay(p, 1, 1.0).count(), 375);
}

TEST(RoutingLlmClient, SendsEachRequestToItsProviderAndRejectsUnknownOnes) {
  testing::ScriptedHttpClient http;
  http.respond(200, kOk);
  RoutingLlmClient routing;
  routing.add("anthropic", std::make_unique<ProviderLlmClient>(http, config(), fast()));
  EXPECT_TRUE(run(routing).has_value());
  Request other;
  other.provider = "nobody";
  asio::io_context io;
  auto out = testing::run_to_completion(io, routing.complete(other));
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code, "llm.unknown_provider");
}

}  // namespace
}  // namespace dq::llm
