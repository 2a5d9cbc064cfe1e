// The real stack (ProviderLlmClient over CurlHttpClient) against the fake LLM server on 127.0.0.1, swept
// through every fault it can inject, for both protocols: each ends in a reply after retries, or in the right
// stable error; never a crash, never an empty reply.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "bot/http/curl_http_client.hpp"
#include "bot/llm/provider_llm_client.hpp"
#include "tests/support/fake_llm_server.hpp"
#include "tests/support/run_loop.hpp"

namespace dq::llm {
namespace {

namespace asio = boost::asio;
using testing::Fault;

struct Case {
  Fault fault;
  const char* expected;  // "" when a retry must end in a reply
};

// `timeout` is short so the stalled cases end quickly; the oversized body gets a long one, so that a slow
// machine (a sanitizer build under load) reading 9 MiB never times out before it sees the size.
core::Result<Response> call(testing::FakeLlmServer& fake, const std::string& provider,
                            std::chrono::milliseconds timeout = std::chrono::milliseconds(700)) {
  asio::io_context io;
  http::CurlHttpClient http(io.get_executor());
  ProviderConfig config{provider, fake.base_url(), "sk-test-key-0123456789", "2023-06-01", timeout};
  ProviderLlmClient client(
      http, config,
      {3, std::chrono::milliseconds(5), std::chrono::milliseconds(20), 0.25, std::chrono::seconds(5)});
  Request r;
  r.provider = provider;
  r.model = "claude-haiku-4-5";
  r.max_tokens = 100;
  r.system = "You are Sam.\n- Price: $1,000";
  r.messages = {{"user", "What is the price?"}};
  return testing::run_to_completion(io, client.complete(r));
}

class FaultSweep : public ::testing::TestWithParam<std::string> {};

TEST_P(FaultSweep, EveryFaultEndsInAReplyOrItsStableError) {
  const std::vector<Case> cases = {{Fault::rate_limit_429, ""},
                                   {Fault::overloaded_529, ""},
                                   {Fault::server_500, ""},
                                   {Fault::timeout, ""},
                                   {Fault::truncated_body, ""},
                                   {Fault::malformed_json, "llm.bad_response"},
                                   {Fault::wrong_content_type, "llm.bad_response"},
                                   {Fault::missing_fields, "llm.bad_response"},
                                   {Fault::stall_mid_body, ""},
                                   {Fault::reset_mid_body, ""},
                                   {Fault::huge_body, "http.too_large"}};
  for (const auto& c : cases) {
    testing::FakeLlmServer fake;
    fake.set_retry_after_seconds(0);
    fake.inject(c.fault);
    fake.start();
    auto r = call(
        fake, GetParam(),
        c.fault == Fault::huge_body ? std::chrono::milliseconds(30'000) : std::chrono::milliseconds(700));
    if (*c.expected == '\0') {
      ASSERT_TRUE(r.has_value()) << static_cast<int>(c.fault) << ": " << r.error().to_string();
      EXPECT_FALSE(r->text.empty());
      EXPECT_EQ(fake.request_count(), 2) << static_cast<int>(c.fault);
    } else {
      ASSERT_FALSE(r.has_value()) << static_cast<int>(c.fault);
      EXPECT_EQ(r.error().code, c.expected) << r.error().to_string();
      EXPECT_EQ(fake.request_count(), 1) << "malformed or oversized bodies are not retried";
    }
  }
}

TEST_P(FaultSweep, PersistentOverloadGivesUpWithTheStatusAndErrorType) {
  testing::FakeLlmServer fake;
  fake.inject(Fault::overloaded_529, 10);
  fake.start();
  auto r = call(fake, GetParam());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "llm.overloaded");
  EXPECT_NE(r.error().message.find("HTTP 529"), std::string::npos) << r.error().message;
  EXPECT_EQ(fake.request_count(), 3);
}

INSTANTIATE_TEST_SUITE_P(BothProtocols, FaultSweep, ::testing::Values("anthropic", "openrouter"));

}  // namespace
}  // namespace dq::llm
