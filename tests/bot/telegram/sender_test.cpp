// The Sender on fake time: every wait (rate-limit slots, 429 retry_after, 5xx backoff) is a FakeTimers wait,
// so the tests assert the exact time each call took and never sleep.
#include "bot/telegram/sender.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "bot/http/http_errors.hpp"
#include "bot/telegram/telegram_errors.hpp"
#include "tests/support/fake_timers.hpp"
#include "tests/support/scripted_http_client.hpp"

namespace dq::telegram {
namespace {

using namespace std::chrono_literals;
const BotEndpoint kBot{"http://127.0.0.1:9", "123456:SECRET-token"};
constexpr const char* kMessage =
    R"({"ok":true,"result":{"message_id":77,"date":1,"chat":{"id":5,"type":"private"},"text":"hi"}})";
constexpr const char* kRetryAfter1 =
    R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}})";

SenderOptions fast() {
  SenderOptions o;
  o.limits = RateLimits{std::chrono::microseconds(0), 1, std::chrono::microseconds(0)};
  o.backoff_base = 1ms;
  o.backoff_cap = 2ms;
  return o;
}

struct SenderTest : ::testing::Test {
  boost::asio::io_context io;
  testing::FakeClock clock;
  testing::FakeTimers timers{clock};
  testing::ScriptedHttpClient http;

  template <class T>
  T run(boost::asio::awaitable<T> op) {
    return testing::run_with_fake_time(io, timers, std::move(op));
  }
  std::int64_t elapsed_ms() const { return clock.steady_ns() / 1'000'000; }
};

TEST_F(SenderTest, RetriesA5xxAfterExponentialBackoffAndReturnsTheMessage) {
  http.respond(502, R"({"ok":false,"error_code":502,"description":"Bad Gateway"})");
  http.respond(500, "<html>oops</html>");
  http.respond(200, kMessage);
  Sender sender(http, timers, kBot, fast());
  auto sent = run(sender.send_message(5, "hi"));
  ASSERT_TRUE(sent.has_value()) << sent.error().to_string();
  EXPECT_EQ(sent->message_id, 77);
  EXPECT_EQ(http.requests.size(), 3u);
  EXPECT_EQ(sender.stats().server_errors, 2u);
  EXPECT_EQ(elapsed_ms(), 1 + 2) << "backoff 1 ms, then 2 ms";
}

TEST_F(SenderTest, Honours429RetryAfterBeforeSendingToTheChatAgain) {
  http.respond(429, kRetryAfter1);
  http.respond(200, kMessage);
  Sender sender(http, timers, kBot, fast());
  auto sent = run(sender.send_message(5, "hi"));
  ASSERT_TRUE(sent.has_value()) << sent.error().to_string();
  EXPECT_EQ(elapsed_ms(), 1000) << "retry_after 1 s: the second attempt went out after exactly 1000 ms";
  EXPECT_EQ(sender.stats().rate_limited, 1u);
  EXPECT_EQ(http.requests.size(), 2u);
}

TEST_F(SenderTest, Honours429RetryAfterForACallNotBoundToAChat) {
  http.respond(429, kRetryAfter1);
  http.respond(200, R"({"ok":true,"result":true})");
  Sender sender(http, timers, kBot, fast());
  auto answered = run(sender.answer_callback_query("cb-1"));
  ASSERT_TRUE(answered.has_value()) << answered.error().to_string();
  EXPECT_EQ(elapsed_ms(), 1000);
}

TEST_F(SenderTest, A429PausesLaterMessagesToThatChatToo) {
  http.respond(429, kRetryAfter1);
  http.respond(200, kMessage);
  http.respond(200, kMessage);
  SenderOptions o = fast();
  o.max_attempts = 1;  // the first message gives up at once; the pause stays with the chat
  Sender sender(http, timers, kBot, o);
  std::vector<std::int64_t> sent_at;
  run([&]() -> boost::asio::awaitable<void> {
    auto first = sender.send_message(5, "one");
    auto r1 = co_await std::move(first);
    EXPECT_FALSE(r1.has_value());
    auto second = sender.send_message(5, "two");
    auto r2 = co_await std::move(second);
    EXPECT_TRUE(r2.has_value());
    sent_at.push_back(elapsed_ms());
    auto other = sender.send_message(6, "another chat");
    auto r3 = co_await std::move(other);
    EXPECT_TRUE(r3.has_value());
    sent_at.push_back(elapsed_ms());
  }());
  EXPECT_EQ(sent_at, (std::vector<std::int64_t>{1000, 1000}));
}

TEST_F(SenderTest, TreatsMessageNotModifiedAsSuccess) {
  http.respond(
      400,
      R"({"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"})");
  Sender sender(http, timers, kBot, fast());
  auto edited = run(sender.edit_message_text(5, 77, "same"));
  EXPECT_TRUE(edited.has_value()) << edited.error().to_string();
  EXPECT_EQ(http.requests.size(), 1u) << "no retry for a 400";
}

TEST_F(SenderTest, GivesUpAfterMaxAttemptsWithoutNamingTheTokenOrWaitingAfterTheLast) {
  for (int i = 0; i < 3; ++i)
    http.fail(core::Error{std::string(http::errc::connect),
                          kBot.base_url + "/bot" + kBot.token + "/sendMessage",
                          "cannot connect to " + kBot.base_url + "/bot" + kBot.token});
  SenderOptions o = fast();
  o.max_attempts = 3;
  Sender sender(http, timers, kBot, o);
  auto sent = run(sender.send_message(5, "hi"));
  ASSERT_FALSE(sent.has_value());
  EXPECT_TRUE(sent.error().is(errc::gave_up)) << sent.error().to_string();
  EXPECT_EQ(http.requests.size(), 3u);
  EXPECT_EQ(sent.error().to_string().find("SECRET"), std::string::npos) << sent.error().to_string();
  EXPECT_EQ(elapsed_ms(), 1 + 2) << "backoff between attempts only";
}

TEST_F(SenderTest, DoesNotRepeatASendThatTimedOut) {
  http.fail(core::Error{std::string(http::errc::timeout), "", "no answer"});
  Sender sender(http, timers, kBot, fast());
  auto sent = run(sender.send_message(5, "hi"));
  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(http.requests.size(), 1u) << "the message may have been delivered: never send it twice";
  EXPECT_EQ(elapsed_ms(), 0);
}

TEST_F(SenderTest, SpacesMessagesToOneChatByThePerChatInterval) {
  for (int i = 0; i < 3; ++i) http.respond(200, kMessage);
  SenderOptions o = fast();
  o.limits = RateLimits{std::chrono::microseconds(150'000), 1, std::chrono::microseconds(0)};
  Sender sender(http, timers, kBot, o);
  std::vector<std::int64_t> sent_at;
  run([&]() -> boost::asio::awaitable<void> {
    for (int i = 0; i < 3; ++i) {
      auto op = sender.send_message(5, "hi");
      auto r = co_await std::move(op);
      EXPECT_TRUE(r.has_value());
      sent_at.push_back(elapsed_ms());
    }
  }());
  EXPECT_EQ(sent_at, (std::vector<std::int64_t>{0, 150, 300})) << "three messages to one chat, 150 ms apart";
}

TEST_F(SenderTest, SendsDocumentsAsMultipart) {
  http.respond(200, kMessage);
  Sender sender(http, timers, kBot, fast());
  auto sent = run(sender.send_document(5, "trace.txt", "line 1\nline 2\n", "<b>Trace</b>"));
  ASSERT_TRUE(sent.has_value()) << sent.error().to_string();
  const auto& r = http.requests.at(0);
  EXPECT_TRUE(r.url.ends_with("/sendDocument"));
  EXPECT_NE(r.headers.at(0).value.find("multipart/form-data; boundary="), std::string::npos);
  EXPECT_NE(r.body.find("filename=\"trace.txt\""), std::string::npos);
  EXPECT_NE(r.body.find("line 1\nline 2\n"), std::string::npos);
  EXPECT_NE(r.body.find("name=\"caption\"\r\n\r\n<b>Trace</b>"), std::string::npos);
}

}  // namespace
}  // namespace dq::telegram
