#include "bot/otlp/otlp_sender.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "bot/http/http_errors.hpp"
#include "bot/otlp/otlp_errors.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/fake_timers.hpp"
#include "tests/support/scripted_http_client.hpp"

namespace dq::otlp {
namespace {

using std::chrono::milliseconds;

class OtlpSenderTest : public ::testing::Test {
 protected:
  core::Result<SendReport> send(std::vector<std::string> batches) {
    auto op = send_batches(http, timers, io.get_executor(), "http://127.0.0.1:4318/v1/traces",
                           std::move(batches), SendPolicy{});
    return testing::run_with_fake_time(io, timers, std::move(op));
  }
  std::int64_t waited_ms() const { return (clock.steady_ns() - start_ns) / 1'000'000; }

  boost::asio::io_context io;
  testing::FakeClock clock;
  testing::FakeTimers timers{clock};
  testing::ScriptedHttpClient http;
  std::int64_t start_ns = clock.steady_ns();
};

TEST(OtlpSenderUrl, AddsV1TracesOnlyWhenTheUrlHasNoPath) {
  EXPECT_EQ(*traces_url("http://localhost:4318"), "http://localhost:4318/v1/traces");
  EXPECT_EQ(*traces_url("http://localhost:4318/"), "http://localhost:4318/v1/traces");
  EXPECT_EQ(*traces_url("https://cloud.example/api/public/otel/v1/traces"),
            "https://cloud.example/api/public/otel/v1/traces");
  EXPECT_TRUE(traces_url("localhost:4318").error().is(errc::bad_endpoint));
}

TEST_F(OtlpSenderTest, PostsEachBatchAsJson) {
  http.respond(200, "{}");
  http.respond(200, "{}");
  auto r = send({"{\"a\":1}", "{\"b\":2}"});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->requests, 2);
  EXPECT_EQ(r->batches, 2);
  ASSERT_EQ(http.requests.size(), 2u);
  EXPECT_EQ(http.requests[0].method, "POST");
  EXPECT_EQ(http.requests[0].url, "http://127.0.0.1:4318/v1/traces");
  EXPECT_EQ(http.requests[0].body, "{\"a\":1}");
  EXPECT_EQ(http.requests[1].body, "{\"b\":2}");
  ASSERT_EQ(http.requests[0].headers.size(), 1u);
  EXPECT_EQ(http.requests[0].headers[0].value, "application/json");
}

TEST_F(OtlpSenderTest, RetriesUnavailableWithDoublingBackoff) {
  http.respond(503, "");
  http.respond(502, "");
  http.fail(core::Error{std::string(http::errc::connect), "", "refused"});
  http.respond(200, "{}");
  auto r = send({"{}"});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->requests, 4);
  EXPECT_EQ(waited_ms(), 500 + 1000 + 2000);
}

TEST_F(OtlpSenderTest, HonoursRetryAfter) {
  http.respond(429, "", {{"retry-after", "3"}});
  http.respond(200, "{}");
  auto r = send({"{}"});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(waited_ms(), 3000);
}

TEST_F(OtlpSenderTest, GivesUpAfterFiveAttemptsNamingTheLastStatus) {
  for (int i = 0; i < 5; ++i) http.respond(504, "");
  http.respond(200, "{}");  // never reached
  auto r = send({"{}"});
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().is(errc::send_failed)) << r.error().to_string();
  EXPECT_NE(r.error().message.find("after 5 attempts; last: HTTP 504"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(r.error().where, "http://127.0.0.1:4318/v1/traces");
  EXPECT_EQ(http.requests.size(), 5u);
}

TEST_F(OtlpSenderTest, DoesNotRetryARefusal) {
  http.respond(400, R"({"message":"bad span"})");
  auto r = send({"{}", "{}"});
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().is(errc::rejected)) << r.error().to_string();
  EXPECT_NE(r.error().detail.find("bad span"), std::string::npos);
  EXPECT_EQ(http.requests.size(), 1u);
  EXPECT_EQ(waited_ms(), 0);
}

}  // namespace
}  // namespace dq::otlp
