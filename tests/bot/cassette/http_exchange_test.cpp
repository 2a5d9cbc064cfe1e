#include "bot/cassette/http_exchange.hpp"

#include <gtest/gtest.h>

#include "tests/bot/cassette/cassette_samples.hpp"

namespace dq::cassette {
namespace {

using nlohmann::json;

TEST(HttpExchange, TellsTheProviderFromTheEndpointWhateverTheBaseUrl) {
  EXPECT_EQ(endpoint_path("/v1/messages"), "/v1/messages");
  EXPECT_EQ(endpoint_path("/api/v1/chat/completions"), "/v1/chat/completions");
  EXPECT_EQ(provider_of_path("/v1/messages"), "anthropic");
  EXPECT_EQ(provider_of_path("/v1/chat/completions"), "openrouter");
  EXPECT_EQ(provider_of_path("/bot<redacted>/sendMessage"), "");

  const Redactor r;
  http::Request live;
  live.url = "https://openrouter.ai/api/v1/chat/completions";
  http::Request fake;
  fake.url = "http://127.0.0.1:41234/v1/chat/completions?x=1";
  EXPECT_EQ(match_key_of(live, r).path, "/v1/chat/completions");
  EXPECT_EQ(match_key_of(fake, r).path, "/v1/chat/completions");
  EXPECT_EQ(match_key_of(fake, r).provider, "openrouter");
}

TEST(HttpExchange, RedactsTheBodyAndUrlPathOfARequestBeforeMatching) {
  const Redactor r({"configured-secret-1"});
  http::Request req;
  req.url = "https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/sendMessage";
  req.body = R"({"text": "key sk-ant-api03-abcdefghijkl and configured-secret-1"})";
  const MatchKey key = match_key_of(req, r);
  EXPECT_EQ(key.path, "/bot<redacted>/sendMessage");
  EXPECT_EQ(key.body, json::parse(R"({"text": "key <redacted> and <redacted>"})"));
  req.body = "not json sk-ant-api03-abcdefghijkl";
  EXPECT_EQ(match_key_of(req, r).body, json("not json <redacted>"));
}

TEST(HttpExchange, RecordsOnlyAllowListedHeadersRedactedAndLowerCased) {
  const Redactor r;
  http::Request req = test::anthropic_request(R"({"model":"m"})");
  req.headers.push_back({"Authorization", "Bearer sk-or-v1-abcdefghijklmnop"});
  req.headers.push_back({"X-Title", "DealQuest sk-ant-api03-abcdefghijkl"});
  http::Response resp;
  resp.status = 200;
  resp.headers = {{"content-type", "application/json"},
                  {"request-id", "req_9"},
                  {"set-cookie", "s=1"},
                  {"anthropic-organization-id", "org"}};
  resp.body = R"({"content": [], "usage": {"input_tokens": 7, "output_tokens": 2}})";
  resp.latency_us = 812'345;
  const Interaction in = interaction_of(match_key_of(req, r), req, resp, r, 1'795'000'000'000);
  EXPECT_EQ(in.request_headers, (std::map<std::string, std::string>{{"anthropic-version", "2023-06-01"},
                                                                    {"content-type", "application/json"},
                                                                    {"x-title", "DealQuest <redacted>"}}));
  EXPECT_EQ(in.response_headers, (std::map<std::string, std::string>{{"content-type", "application/json"},
                                                                     {"request-id", "req_9"}}));
  EXPECT_EQ(in.input_tokens, 7);
  EXPECT_EQ(in.output_tokens, 2);
  EXPECT_EQ(in.latency_ms, 812);
  EXPECT_EQ(in.recorded_at, "2026-11-18T11:06:40Z");
}

TEST(HttpExchange, ReadsOpenAiStyleUsageToo) {
  http::Request req = test::anthropic_request("{}", "https://openrouter.ai/api");
  req.url = "https://openrouter.ai/api/v1/chat/completions";
  http::Response resp;
  resp.status = 200;
  resp.body = R"({"choices": [], "usage": {"prompt_tokens": 11, "completion_tokens": 4}})";
  const Interaction in = interaction_of(match_key_of(req, Redactor{}), req, resp, Redactor{}, 0);
  EXPECT_EQ(in.provider, "openrouter");
  EXPECT_EQ(in.input_tokens, 11);
  EXPECT_EQ(in.output_tokens, 4);
}

TEST(HttpExchange, ReplaysAJsonBodyReserializedAndATextBodyVerbatim) {
  Interaction in = test::anthropic_interaction(json::parse("{}"), "hi");
  in.response_body = json::parse(R"({"b": 1, "a": "x"})");
  http::Response r = response_of(in);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"a":"x","b":1})");
  EXPECT_EQ(r.header("Request-Id"), "req_1");
  EXPECT_EQ(r.latency_us, 812'000);
  in.response_body = "overloaded, try later";
  EXPECT_EQ(response_of(in).body, "overloaded, try later");
}

TEST(HttpExchange, ReadsTheTotalLatencyAServerDeclaresInServerTiming) {
  auto declared = [](std::vector<http::Header> headers) {
    http::Response r;
    r.headers = std::move(headers);
    return declared_latency_ms(r);
  };
  using ms = std::optional<std::int64_t>;
  EXPECT_EQ(declared({{"server-timing", "total;dur=400"}}), ms(400));
  EXPECT_EQ(declared({{"Server-Timing", "cfL4;desc=\"rtt\";dur=3, TOTAL ; dur = 399.6"}}), ms(400));
  EXPECT_EQ(declared({{"server-timing", "db;dur=53"}, {"server-timing", "total;desc=\"all\";dur=12"}}),
            ms(12));
  EXPECT_EQ(declared({}), ms());
  EXPECT_EQ(declared({{"server-timing", "db;dur=53, app;dur=47.2"}}), ms()) << "no total";
  EXPECT_EQ(declared({{"server-timing", "total"}}), ms()) << "no duration";
  EXPECT_EQ(declared({{"server-timing", "total;dur=abc"}}), ms());
  EXPECT_EQ(declared({{"server-timing", "total;dur=-5"}}), ms());
  EXPECT_EQ(declared({{"x-server-timing", "total;dur=400"}}), ms());
}

}  // namespace
}  // namespace dq::cassette
