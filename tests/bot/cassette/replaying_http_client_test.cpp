#include "bot/cassette/replaying_http_client.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "tests/bot/cassette/cassette_samples.hpp"
#include "tests/support/run_loop.hpp"

namespace dq::cassette {
namespace {

using nlohmann::json;

const std::string kBody =
    R"({"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]})";

core::Result<http::Response> send(ReplayingHttpClient& client, http::Request request) {
  boost::asio::io_context io;
  return testing::run_to_completion(io, client.send(request));
}

TEST(ReplayingHttpClient, ReturnsTheRecordedStatusHeadersAndBody) {
  ReplayingHttpClient client(test::sample_cassette(), MatchOptions{}, Redactor{}, ReplaySpeed::instant);
  auto r = send(client, test::anthropic_request(kBody));
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-type"), "application/json");
  EXPECT_EQ(r->header("request-id"), "req_1");
  EXPECT_EQ(json::parse(r->body)["content"][0]["text"], "hello");
  EXPECT_TRUE(client.unused().empty());
}

// The replaying client has no network code (dq_cassette links no curl and opens no socket): a base URL on a
// port nobody listens on, or a host that does not resolve, is answered all the same.
TEST(ReplayingHttpClient, AnswersWhateverTheHostBecauseItNeverTouchesTheNetwork) {
  ReplayingHttpClient client(test::sample_cassette(), MatchOptions{}, Redactor{}, ReplaySpeed::instant);
  EXPECT_TRUE(send(client, test::anthropic_request(kBody, "http://127.0.0.1:9")).has_value());
  auto body = json::parse(kBody);
  body["metadata"] = {{"user_id", "someone-else"}};
  EXPECT_FALSE(send(client, test::anthropic_request(body.dump(), "https://no-such-host.invalid")).has_value())
      << "the one recording is used up";
}

TEST(ReplayingHttpClient, MatchesALiveRequestRedactedTheWayTheRecordingWas) {
  Cassette c = test::sample_cassette();
  c.interactions[0].request_body["system"] = "operator key <redacted>";
  ReplayingHttpClient client(std::move(c), MatchOptions{}, Redactor({"live-secret-value"}),
                             ReplaySpeed::instant);
  auto body = json::parse(kBody);
  body["system"] = "operator key live-secret-value";
  auto r = send(client, test::anthropic_request(body.dump()));
  EXPECT_TRUE(r.has_value()) << r.error().to_string();
}

TEST(ReplayingHttpClient, ReturnsNoMatchWithTheClosestRecordingForAnUnknownRequest) {
  ReplayingHttpClient client(test::sample_cassette(), MatchOptions{}, Redactor{}, ReplaySpeed::instant);
  auto body = json::parse(kBody);
  body["max_tokens"] = 11;
  auto r = send(client, test::anthropic_request(body.dump()));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "cassette.no_match");
  EXPECT_NE(r.error().to_string().find("closest recorded: interaction 0"), std::string::npos)
      << r.error().to_string();
  EXPECT_NE(r.error().to_string().find("max_tokens\n      - recorded:  10\n      + requested: 11"),
            std::string::npos)
      << r.error().to_string();
  EXPECT_EQ(client.unused().size(), 1u);
}

TEST(ReplayingHttpClient, WaitsTheRecordedLatencyAtRecordedSpeed) {
  Cassette c = test::sample_cassette();
  c.interactions[0].latency_ms = 150;
  ReplayingHttpClient client(std::move(c), MatchOptions{}, Redactor{}, ReplaySpeed::recorded);
  const auto start = std::chrono::steady_clock::now();
  auto r = send(client, test::anthropic_request(kBody));
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_GE(waited, std::chrono::milliseconds(150));
  EXPECT_LT(waited, std::chrono::seconds(10));
}

TEST(ReplayingHttpClient, AnswersAtOnceAtInstantSpeed) {
  Cassette c = test::sample_cassette();
  c.interactions[0].latency_ms = 20'000;
  ReplayingHttpClient client(std::move(c), MatchOptions{}, Redactor{}, ReplaySpeed::instant);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(send(client, test::anthropic_request(kBody)).has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

}  // namespace
}  // namespace dq::cassette
