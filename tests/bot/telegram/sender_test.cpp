#include "bot/telegram/sender.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/scripted_http_client.hpp"

namespace dq::telegram {
namespace {

using namespace std::chrono_literals;
const BotEndpoint kBot{"http://127.0.0.1:9", "123456:SECRET-token"};
constexpr const char* kMessage = R"({"ok":true,"result":{"message_id":77,"date":1,"chat":{"id":5,"type":"private"},"text":"hi"}})";

template <class T>
T run(boost::asio::awaitable<T> op) {
  boost::asio::io_context io;
  auto f = boost::asio::co_spawn(io, std::move(op), boost::asio::use_future);
  io.run();
  return f.get();
}

SenderOptions fast() {
  SenderOptions o;
  o.limits = RateLimits{std::chrono::microseconds(0), 1, std::chrono::microseconds(0), 1};
  o.backoff_base = 1ms;
  o.backoff_cap = 2ms;
  return o;
}

TEST(Sender, RetriesA5xxAndReturnsTheMessage) {
  testing::ScriptedHttpClient http;
  http.respond(502, R"({"ok":false,"error_code":502,"description":"Bad Gateway"})");
  http.respond(500, "<html>oops</html>");
  http.respond(200, kMessage);
  Sender sender(http, kBot, fast());
  auto sent = run(sender.send_message(5, "hi"));
  ASSERT_TRUE(sent.has_value()) << sent.error().to_string();
  EXPECT_EQ(sent->message_id, 77);
  EXPECT_EQ(http.requests.size(), 3u);
  EXPECT_EQ(sender.stats().server_errors, 2u);
}

TEST(Sender, Honours429RetryAfterBeforeSendingAgain) {
  testing::ScriptedHttpClient http;
  http.respond(429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}})");
  http.respond(200, kMessage);
  Sender sender(http, kBot, fast());
  const auto start = std::chrono::steady_clock::now();
  auto sent = run(sender.send_message(5, "hi"));
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(sent.has_value()) << sent.error().to_string();
  EXPECT_GE(waited, 1s) << "the second attempt waited out retry_after";
  EXPECT_EQ(sender.stats().rate_limited, 1u);
}

TEST(Sender, TreatsMessageNotModifiedAsSuccess) {
  testing::ScriptedHttpClient http;
  http.respond(400, R"({"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"})");
  Sender sender(http, kBot, fast());
  auto edited = run(sender.edit_message_text(5, 77, "same"));
  EXPECT_TRUE(edited.has_value()) << edited.error().to_string();
  EXPECT_EQ(http.requests.size(), 1u) << "no retry for a 400";
}

TEST(Sender, GivesUpAfterMaxAttemptsWithoutNamingTheToken) {
  testing::ScriptedHttpClient http;
  for (int i = 0; i < 3; ++i) http.fail(core::Error{"http.connect", kBot.base_url + "/bot" + kBot.token + "/sendMessage",
                                                    "cannot connect to " + kBot.base_url + "/bot" + kBot.token});
  SenderOptions o = fast();
  o.max_attempts = 3;
  Sender sender(http, kBot, o);
  auto sent = run(sender.send_message(5, "hi"));
  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, "telegram.gave_up");
  EXPECT_EQ(http.requests.size(), 3u);
  EXPECT_EQ(sent.error().to_string().find("SECRET"), std::string::npos) << sent.error().to_string();
}

TEST(Sender, DoesNotRepeatASendThatTimedOut) {
  testing::ScriptedHttpClient http;
  http.fail(core::Error{"http.timeout", "", "no answer"});
  Sender sender(http, kBot, fast());
  auto sent = run(sender.send_message(5, "hi"));
  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(http.requests.size(), 1u) << "the message may have been delivered: never send it twice";
}

TEST(Sender, SpacesMessagesToOneChat) {
  testing::ScriptedHttpClient http;
  for (int i = 0; i < 3; ++i) http.respond(200, kMessage);
  SenderOptions o = fast();
  o.limits = RateLimits{std::chrono::microseconds(150'000), 1, std::chrono::microseconds(0), 1};
  Sender sender(http, kBot, o);
  const auto start = std::chrono::steady_clock::now();
  run([&]() -> boost::asio::awaitable<void> {
    for (int i = 0; i < 3; ++i) {
      auto op = sender.send_message(5, "hi");
      auto r = co_await std::move(op);
      EXPECT_TRUE(r.has_value());
    }
  }());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms) << "three messages to one chat, 150 ms apart";
}

TEST(Sender, SendsDocumentsAsMultipart) {
  testing::ScriptedHttpClient http;
  http.respond(200, kMessage);
  Sender sender(http, kBot, fast());
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
