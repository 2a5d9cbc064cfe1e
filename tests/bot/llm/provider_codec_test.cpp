#include "bot/llm/provider_codec.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace dq::llm {
namespace {

ProviderConfig anthropic() {
  return {"anthropic", "http://127.0.0.1:9", "sk-test", "2023-06-01", std::chrono::seconds(5)};
}
ProviderConfig openrouter() {
  return {"openrouter", "http://127.0.0.1:9", "sk-or-test", "", std::chrono::seconds(5)};
}

Request sample(std::optional<double> temperature = std::nullopt) {
  Request r;
  r.agent = "counterpart";
  r.model = "claude-sonnet-4-6";
  r.max_tokens = 300;
  r.temperature = temperature;
  r.system = "You are Ruth.";
  r.messages = {{"user", "Hi"}, {"assistant", "Hello"}, {"user", "Price?"}};
  return r;
}

http::Response reply(int status, std::string body, std::vector<http::Header> headers = {}) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(ProviderCodec, AnthropicRequestHasKeyVersionAndNoTemperatureUnlessSet) {
  auto http = encode_request(anthropic(), sample());
  EXPECT_EQ(http.url, "http://127.0.0.1:9/v1/messages");
  EXPECT_EQ(http.headers[1].name, "x-api-key");
  EXPECT_EQ(http.headers[2].value, "2023-06-01");
  auto body = nlohmann::json::parse(http.body);
  EXPECT_EQ(body["system"], "You are Ruth.");
  EXPECT_EQ(body["messages"].size(), 3u);
  EXPECT_EQ(body["max_tokens"], 300);
  EXPECT_FALSE(body.contains("temperature"));
  EXPECT_EQ(nlohmann::json::parse(encode_request(anthropic(), sample(0.5)).body)["temperature"], 0.5);
}

TEST(ProviderCodec, OpenRouterRequestPutsTheSystemPromptFirstAndUsesBearer) {
  auto http = encode_request(openrouter(), sample());
  EXPECT_EQ(http.url, "http://127.0.0.1:9/v1/chat/completions");
  EXPECT_EQ(http.headers[1].value, "Bearer sk-or-test");
  auto body = nlohmann::json::parse(http.body);
  EXPECT_EQ(body["messages"][0]["role"], "system");
  EXPECT_EQ(body["messages"].size(), 4u);
}

TEST(ProviderCodec, DecodesAnAnthropicMessageWithNullCacheFields) {
  auto r = decode_response(anthropic(), reply(200, R"({"id":"msg_1","type":"message","role":"assistant",
    "model":"claude-sonnet-4-6","content":[{"type":"thinking","thinking":"x"},{"type":"text","text":"Counter: "},
    {"type":"text","text":"95k."}],"stop_reason":"end_turn","usage":{"input_tokens":12,"output_tokens":7,
    "cache_creation_input_tokens":null,"cache_read_input_tokens":3}})"));
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->text, "Counter: 95k.");
  EXPECT_EQ(r->stop_reason, "end_turn");
  EXPECT_EQ(r->usage.input_tokens, 12);
  EXPECT_EQ(r->usage.cache_write_tokens, 0);
  EXPECT_EQ(r->usage.cache_read_tokens, 3);
}

TEST(ProviderCodec, DecodesOpenRouterUsageAndCost) {
  auto r = decode_response(openrouter(), reply(200, R"({"id":"gen-1","object":"chat.completion","model":"m",
    "choices":[{"index":0,"message":{"role":"assistant","content":"Fine."},"finish_reason":"stop"}],
    "usage":{"prompt_tokens":194,"completion_tokens":2,"total_tokens":196,"cost":0.00095,
    "prompt_tokens_details":{"cached_tokens":10,"cache_write_tokens":100}}})"));
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->text, "Fine.");
  EXPECT_EQ(r->usage.input_tokens, 194);
  EXPECT_EQ(r->usage.cache_read_tokens, 10);
  EXPECT_DOUBLE_EQ(r->cost_usd, 0.00095);
}

TEST(ProviderCodec, ErrorStatusesMapToStableCodesWithTypeAndRequestId) {
  auto r = decode_response(anthropic(), reply(429, R"({"type":"error","error":{"type":"rate_limit_error",
    "message":"slow down"},"request_id":"req_42"})"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "llm.rate_limited");
  EXPECT_EQ(r.error().message, "anthropic HTTP 429 rate_limit_error (request req_42)");
  EXPECT_EQ(r.error().detail, ": slow down") << "the provider's words may quote the request";
  EXPECT_EQ(
      r.error().to_string(),
      "[llm.rate_limited] anthropic /v1/messages: anthropic HTTP 429 rate_limit_error (request req_42): "
      "slow down");
  EXPECT_EQ(
      decode_response(anthropic(), reply(529, R"({"type":"error","error":{"type":"overloaded_error"}})"))
          .error()
          .code,
      "llm.overloaded");
  EXPECT_EQ(decode_response(anthropic(), reply(500, "oops")).error().code, "llm.server_error");
  EXPECT_EQ(decode_response(anthropic(), reply(401, "{}")).error().code, "llm.client_error");
}

TEST(ProviderCodec, BodiesThatAreNotTheProtocolAreBadResponsesNeverEmptyReplies) {
  EXPECT_EQ(decode_response(anthropic(), reply(200, "{\"content\": [")).error().code, "llm.bad_response");
  EXPECT_EQ(decode_response(anthropic(), reply(200, "<html>hi</html>", {{"content-type", "text/html"}}))
                .error()
                .code,
            "llm.bad_response");
  EXPECT_EQ(decode_response(anthropic(), reply(200, R"({"type":"message"})")).error().code,
            "llm.bad_response");
  EXPECT_EQ(decode_response(anthropic(), reply(200, R"({"content":[],"stop_reason":"end_turn",
    "usage":{"input_tokens":1,"output_tokens":0}})"))
                .error()
                .code,
            "llm.empty_reply");
  EXPECT_EQ(
      decode_response(openrouter(), reply(200, R"({"choices":[{"message":{"content":null}}],"usage":{}})"))
          .error()
          .code,
      "llm.bad_response");
}

// fuzz/regressions/*_response/: a "model" or block "type" that is not a string used to throw type_error out
// of decode_response; the reply is still read, with no model name.
TEST(ProviderCodec, FieldsOfAnotherTypeThanTheProtocolSaysDoNotThrow) {
  auto a = decode_response(anthropic(), reply(200, R"({"content":[{"type":"text","text":"Fine."},{"type":7}],
    "usage":{"input_tokens":1,"output_tokens":1},"model":1})"));
  ASSERT_TRUE(a.has_value()) << a.error().to_string();
  EXPECT_EQ(a->text, "Fine.");
  EXPECT_EQ(a->model, "");
  auto o = decode_response(openrouter(), reply(200, R"({"choices":[{"message":{"content":"Fine."}}],
    "usage":{"prompt_tokens":1},"model":["m"]})"));
  ASSERT_TRUE(o.has_value()) << o.error().to_string();
  EXPECT_EQ(o->model, "");
}

TEST(ProviderCodec, AnOpenRouterTwoHundredWithAnErrorBodyIsAnError) {
  auto r = decode_response(openrouter(), reply(200, R"({"error":{"code":502,"message":"model down"}})"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "llm.server_error");
}

// Providers' bodies may quote the request (a validation error naming the offending value, a proxy echoing
// what it got): only the error's detail holds them, which logs show as a fingerprint (core::Error).
TEST(ProviderCodec, WhatAProviderSaysIsDetailSoAnEchoedRequestNeverReachesTheMessage) {
  const std::string marker = "MARKER-0c41d2";
  const std::vector<std::pair<ProviderConfig, http::Response>> echoes = {
      {anthropic(), reply(400, R"({"type":"error","error":{"type":"invalid_request_error","message":)"
                               R"("messages.0.content: 'I offer MARKER-0c41d2' is too short"}})")},
      {anthropic(), reply(500, "upstream failed on: I offer MARKER-0c41d2")},
      {anthropic(), reply(200, R"({"type":"message","echo":"I offer MARKER-0c41d2"})")},
      {openrouter(), reply(200, R"({"error":{"code":400,"message":"bad input 'MARKER-0c41d2'"}})")},
      {openrouter(), reply(200, "<html>I offer MARKER-0c41d2</html>")},
  };
  for (const auto& [config, response] : echoes) {
    auto r = decode_response(config, response);
    ASSERT_FALSE(r.has_value()) << response.body;
    EXPECT_EQ(r.error().message.find(marker), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().where.find(marker), std::string::npos) << r.error().where;
    EXPECT_NE(r.error().detail.find(marker), std::string::npos)
        << "the engineer still sees it: " << r.error().to_string();
  }
}

TEST(ProviderCodec, RetryAfterIsReadInSeconds) {
  EXPECT_EQ(retry_after_seconds(reply(429, "", {{"retry-after", "2"}})), 2.0);
  EXPECT_EQ(retry_after_seconds(reply(429, "", {{"retry-after", "0.5"}})), 0.5);
  EXPECT_EQ(retry_after_seconds(reply(429, "", {{"retry-after", "Wed, 21 Oct 2026 07:28:00 GMT"}})),
            std::nullopt);
  EXPECT_EQ(retry_after_seconds(reply(429, "")), std::nullopt);
}

TEST(ProviderConfig, KeysAndBaseUrlsComeFromTheEnvironment) {
  auto env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "ANTHROPIC_API_KEY") return "sk-ant-x";
    if (name == "ANTHROPIC_BASE_URL") return "http://127.0.0.1:1234/";
    return std::nullopt;
  };
  auto a = provider_from_env("anthropic", env);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->base_url, "http://127.0.0.1:1234");
  EXPECT_EQ(provider_from_env("openrouter", env).error().code, "llm.no_api_key");
  EXPECT_EQ(provider_from_env("gemini", env).error().code, "llm.unknown_provider");
}

}  // namespace
}  // namespace dq::llm
