// The fake LLM server's HTTP/1.1 request-head parser, as a pure function.
#include "tests/support/fake_llm_http.hpp"

#include <gtest/gtest.h>

namespace dq::testing {
namespace {

TEST(FakeLlmHttp, ParsesARequestHeadWithRepeatedHeadersJoined) {
  auto head =
      parse_request_head("POST /v1/messages HTTP/1.1\r\nX-A: 1\r\nx-a: 2\r\nContent-Length: 12\r\n\r\n");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->method, "POST");
  EXPECT_EQ(head->headers.at("x-a"), "1, 2");
  EXPECT_EQ(head->content_length, 12u);
  EXPECT_TRUE(head->keep_alive);
  EXPECT_FALSE(parse_request_head("GET / HTTP/1.0\r\n\r\n")->keep_alive);
}

TEST(FakeLlmHttp, RefusesWhatItCannotFrame) {
  EXPECT_EQ(parse_request_head("POST / HTTP/1.1\r\ncontent-length: 1x\r\n\r\n").error().status, 400);
  EXPECT_EQ(parse_request_head("POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n").error().status, 501);
  EXPECT_EQ(parse_request_head("GET / HTTP/2\r\n\r\n").error().status, 505);
  EXPECT_EQ(parse_request_head("nonsense\r\n\r\n").error().status, 400);
}

}  // namespace
}  // namespace dq::testing
