// The fake Telegram server's own tests: its Bot API logic (validation, updates, edits) directly, and its
// HTTP side (token check, long polls, 409, faults) over real sockets with the project's curl client.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <thread>

#include "bot/http/curl_http_client.hpp"
#include "tests/support/fake_telegram_server.hpp"
#include "tests/support/run_loop.hpp"

namespace dq::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

TEST(FakeTelegramApi, DecodesQueryFormJsonAndMultipartParameters) {
  auto form = decode_params("offset=5", "application/x-www-form-urlencoded",
                            "chat_id=42&text=a%20b+c&reply_markup=%7B%22inline_keyboard%22%3A%5B%5D%7D");
  ASSERT_TRUE(form);
  EXPECT_EQ((*form)["offset"], 5);
  EXPECT_EQ((*form)["chat_id"], 42);
  EXPECT_EQ((*form)["text"], "a b c");
  EXPECT_TRUE((*form)["reply_markup"].is_object());
  auto j = decode_params("", "application/json", R"({"chat_id": 7, "text": "x"})");
  ASSERT_TRUE(j);
  EXPECT_EQ((*j)["chat_id"], 7);
  std::string name, doc;
  auto multi =
      decode_params("", "multipart/form-data; boundary=XyZ",
                    "--XyZ\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n9\r\n"
                    "--XyZ\r\nContent-Disposition: form-data; name=\"document\"; filename=\"t.txt\"\r\n"
                    "Content-Type: text/plain\r\n\r\nline\r\n--XyZ--\r\n",
                    &name, &doc);
  ASSERT_TRUE(multi);
  EXPECT_EQ((*multi)["chat_id"], 9);
  EXPECT_EQ(name, "t.txt");
  EXPECT_EQ(doc, "line");
  EXPECT_FALSE(decode_params("", "application/json", "[1,2]"));
  EXPECT_FALSE(decode_params("", "text/plain", "hello"));
}

TEST(FakeTelegramApi, ChecksHtmlLikeTelegram) {
  std::string visible;
  EXPECT_EQ(check_html("<b>a</b> &lt;3 &amp; <i>b</i> &#128512;", &visible), "");
  EXPECT_EQ(visible, "a <3 & b 😀");
  EXPECT_NE(check_html("<script>x</script>", nullptr).find("Unsupported start tag \"script\""),
            std::string::npos);
  EXPECT_NE(check_html("<b><i>x</b></i>", nullptr).find("Unmatched end tag"), std::string::npos);
  EXPECT_NE(check_html("<b>x", nullptr).find("Can't find end tag"), std::string::npos);
  EXPECT_NE(check_html("a & b", nullptr).find("entity"), std::string::npos);
  EXPECT_NE(check_html("1 > 0", nullptr).find("byte offset 2"), std::string::npos);
}

TEST(FakeTelegramApi, EnforcesTheLimitsOfSendAndEdit) {
  FakeTelegramApi api("t");
  EXPECT_EQ(api.call("sendMessage", {{"chat_id", 5}, {"text", "hi"}}, 0).status, 400) << "chat not found";
  api.user_sends(5, 5, "/start", 0);
  const std::string emoji = "😀";  // 1 code point, 2 UTF-16 units, 4 bytes
  std::string at_limit;
  for (int i = 0; i < 4096; ++i) at_limit += emoji;
  EXPECT_EQ(api.call("sendMessage", {{"chat_id", 5}, {"text", at_limit}}, 0).status, 200);
  auto over = api.call("sendMessage", {{"chat_id", 5}, {"text", at_limit + "x"}}, 0);
  EXPECT_EQ(over.status, 400);
  EXPECT_EQ(over.body["description"], "Bad Request: message is too long");
  EXPECT_EQ(
      api.call("sendMessage",
               {{"chat_id", 5}, {"text", "<b>" + std::string(4096, 'a') + "</b>"}, {"parse_mode", "HTML"}}, 0)
          .status,
      200)
      << "tags are not counted";
  auto bad_button = api.call(
      "sendMessage",
      {{"chat_id", 5},
       {"text", "x"},
       {"reply_markup", {{"inline_keyboard", {{{{"text", "a"}, {"callback_data", std::string(65, 'd')}}}}}}}},
      0);
  EXPECT_EQ(bad_button.body["description"], "Bad Request: BUTTON_DATA_INVALID");

  auto sent =
      api.call("sendMessage",
               {{"chat_id", 5},
                {"text", "menu"},
                {"reply_markup", {{"inline_keyboard", {{{{"text", "a"}, {"callback_data", "sc:a"}}}}}}}},
               0);
  const std::int64_t id = sent.body["result"]["message_id"];
  auto same =
      api.call("editMessageText",
               {{"chat_id", 5},
                {"message_id", id},
                {"text", "menu"},
                {"reply_markup", {{"inline_keyboard", {{{{"text", "a"}, {"callback_data", "sc:a"}}}}}}}},
               0);
  EXPECT_NE(same.body["description"].get<std::string>().find("message is not modified"), std::string::npos);
  EXPECT_EQ(api.call("editMessageText", {{"chat_id", 5}, {"message_id", id}, {"text", "menu"}}, 0).status,
            200)
      << "same text without the keyboard is a change";
  EXPECT_TRUE(api.message(5, id)->keyboard.empty()) << "omitting reply_markup removes the keyboard";
  EXPECT_EQ(api.message(5, id)->edits, 1);
  EXPECT_EQ(api.call("editMessageText", {{"chat_id", 5}, {"message_id", 1}, {"text", "x"}}, 0).status, 400)
      << "the user's own message cannot be edited";
}

TEST(FakeTelegramApi, UpdatesAreConfirmedByOffsetAndQueriesAnsweredOnce) {
  FakeTelegramApi api("t");
  const auto a = api.user_sends(5, 5, "hi", 0);
  const auto b = api.user_presses(5, 5, 1, "sc:x");
  auto first = api.take_updates({{"offset", 0}});
  ASSERT_EQ(first.body["result"].size(), 2u);
  EXPECT_EQ(first.body["result"][1]["callback_query"]["data"], "sc:x");
  EXPECT_EQ(api.take_updates({{"offset", a + 1}}).body["result"].size(), 1u);
  EXPECT_EQ(api.pending_updates(), 1);
  EXPECT_EQ(api.take_updates({{"offset", b + 1}}).body["result"].size(), 0u);
  EXPECT_EQ(api.confirmed_offset(), b + 1);
  const std::string qid = first.body["result"][1]["callback_query"]["id"];
  EXPECT_EQ(api.call("answerCallbackQuery", {{"callback_query_id", qid}}, 0).status, 200);
  EXPECT_EQ(api.call("answerCallbackQuery", {{"callback_query_id", qid}}, 0).status, 400);
}

struct Client {
  boost::asio::io_context io;
  http::CurlHttpClient http{io.get_executor()};
  http::Response call(const std::string& url, json body, std::chrono::milliseconds timeout = 10s) {
    http::Request r;
    r.url = url;
    r.headers.push_back({"content-type", "application/json"});
    r.body = body.dump();
    r.timeout = timeout;
    auto result = testing::run_to_completion(io, http.send(r));
    if (!result) throw std::runtime_error(result.error().to_string());
    return *result;
  }
};

TEST(FakeTelegramServer, ChecksTheTokenAndLongPollsUntilAUserWrites) {
  FakeTelegramServer tg("42:ABC");
  tg.start();
  Client c;
  EXPECT_EQ(c.call(tg.base_url() + "/bot42:WRONG/getMe", json::object()).status, 401);
  EXPECT_EQ(c.call(tg.base_url() + "/bot42:ABC/noSuchMethod", json::object()).status, 404);
  std::thread user([&] {
    tg.wait_until([](const FakeTelegramServer& s) { return s.held_polls() == 1; }, 5s);  // the poll is held
    tg.user_sends(7, 7, "hello");
  });
  const auto start = std::chrono::steady_clock::now();
  auto r = c.call(tg.base_url() + "/bot42:ABC/getUpdates", {{"offset", 0}, {"timeout", 10}});
  user.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s) << "woken by the message, not the timeout";
  auto body = json::parse(r.body);
  ASSERT_EQ(body["result"].size(), 1u);
  EXPECT_EQ(body["result"][0]["message"]["text"], "hello");
}

TEST(FakeTelegramServer, ASecondPollerEndsTheFirstWith409AndFaultsAreInjected) {
  FakeTelegramServer tg("42:ABC");
  tg.start();
  std::thread first([&] {
    Client c;
    auto r = c.call(tg.base_url() + "/bot42:ABC/getUpdates", {{"timeout", 5}});
    EXPECT_EQ(r.status, 409);
  });
  ASSERT_TRUE(tg.wait_until([](const FakeTelegramServer& s) { return s.count("getUpdates") == 0; }, 10ms));
  ASSERT_TRUE(tg.wait_until([](const FakeTelegramServer& s) { return s.held_polls() == 1; }, 5s));
  Client c;
  tg.set_getupdates_max_timeout(100ms);
  EXPECT_EQ(c.call(tg.base_url() + "/bot42:ABC/getUpdates", {{"timeout", 5}}).status, 200);
  first.join();
  tg.set_retry_after_seconds(3);
  tg.inject(TgFault::rate_limit_429, "getMe");
  auto limited = c.call(tg.base_url() + "/bot42:ABC/getMe", json::object());
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(json::parse(limited.body)["parameters"]["retry_after"], 3);
  EXPECT_EQ(c.call(tg.base_url() + "/bot42:ABC/getMe", json::object()).status, 200)
      << "one fault, then normal";
  tg.inject(TgFault::bad_gateway_502);
  EXPECT_EQ(c.call(tg.base_url() + "/bot42:ABC/getMe", json::object()).status, 502);
  EXPECT_EQ(tg.count("getMe"), 3);
}

TEST(FakeTelegramServer, CountsMessagesOverTheFloodLimitsButStillAnswersThem) {
  FakeTelegramServer tg("42:ABC");
  tg.start();
  std::vector<std::string> seen;
  tg.observe_calls([&](const TgCall& call, std::chrono::steady_clock::time_point) {
    seen.push_back(call.method);  // on the server's thread, under its lock; read after the calls returned
  });
  tg.user_sends(7, 7, "hi");
  Client c;
  for (int i = 0; i < 5; ++i)  // five messages to one chat at once: the burst is 3
    EXPECT_EQ(
        c.call(tg.base_url() + "/bot42:ABC/sendMessage", {{"chat_id", 7}, {"text", "m" + std::to_string(i)}})
            .status,
        200);
  EXPECT_EQ(
      c.call(tg.base_url() + "/bot42:ABC/sendChatAction", {{"chat_id", 7}, {"action", "typing"}}).status,
      200);
  const TgRateCounts counts = tg.rate_counts();
  EXPECT_EQ(counts.messages, 5) << "a chat action is not a message";
  EXPECT_GE(counts.per_chat, 1);
  EXPECT_EQ(tg.rate_violations(), counts.violations);
  EXPECT_EQ(seen.size(), 6u);
  TgRateRules rules;
  rules.per_chat_burst = 5;
  tg.set_rate_rules(rules);
  EXPECT_EQ(tg.rate_violations(), 0) << "new rules start counting afresh";
}

TEST(FakeTelegramServer, InvalidUtf8FromATestDoesNotTakeItDown) {
  FakeTelegramServer tg("42:ABC");
  tg.start();
  tg.user_sends(7, 7, std::string("bad \xff\xfe bytes"));
  Client c;
  auto r = c.call(tg.base_url() + "/bot42:ABC/getUpdates", {{"offset", 0}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["result"].size(), 1u);
}

}  // namespace
}  // namespace dq::testing
