#include "bot/telegram/bot_api.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace dq::telegram {
namespace {

http::Response reply(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

const BotEndpoint kBot{"http://127.0.0.1:9", "123456:TEST-token"};

TEST(BotApi, BuildsJsonRequestsToTheMethodUrl) {
  auto r = send_message(kBot, 111, "<b>Hi</b>", InlineKeyboard{{{"Salary raise", "sc:salary-raise"}}});
  EXPECT_EQ(r.url, "http://127.0.0.1:9/bot123456:TEST-token/sendMessage");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["parse_mode"], "HTML");
  EXPECT_EQ(body["reply_markup"]["inline_keyboard"][0][0]["callback_data"], "sc:salary-raise");
  auto poll = get_updates(kBot, 42, 25);
  EXPECT_EQ(nlohmann::json::parse(poll.body)["offset"], 42);
  EXPECT_GT(poll.timeout, std::chrono::seconds(25)) << "the HTTP timeout outlives the long poll";
  EXPECT_EQ(nlohmann::json::parse(edit_message_text(kBot, 1, 2, "x").body)["message_id"], 2);
}

TEST(BotApi, ParsesMessagesAndCallbackQueriesAndSkipsOtherKinds) {
  auto updates = parse_updates(reply(200, R"({"ok":true,"result":[
    {"update_id":10,"message":{"message_id":42,"date":1732240000,"from":{"id":111,"is_bot":false,"first_name":"Alice"},
     "chat":{"id":111,"type":"private"},"text":"/start"}},
    {"update_id":11,"callback_query":{"id":"cq1","from":{"id":111,"is_bot":false,"first_name":"Alice"},
     "chat_instance":"-1","data":"sc:used-car","message":{"message_id":43,"date":1,"chat":{"id":111,"type":"private"}}}},
    {"update_id":12,"edited_message":{"message_id":1}},
    {"update_id":13,"message":{"message_id":44,"date":1,"chat":{"id":111,"type":"private"}}}]})"));
  ASSERT_TRUE(updates.has_value()) << updates.error().to_string();
  ASSERT_EQ(updates->size(), 4u);
  EXPECT_EQ((*updates)[0].message->text, "/start");
  EXPECT_EQ((*updates)[0].message->from->first_name, "Alice");
  EXPECT_EQ((*updates)[1].callback_query->data, "sc:used-car");
  EXPECT_EQ((*updates)[1].callback_query->message->message_id, 43);
  EXPECT_FALSE((*updates)[2].message || (*updates)[2].callback_query);
  EXPECT_FALSE((*updates)[3].message->text.has_value()) << "a sticker has no text";
  EXPECT_EQ(next_offset(0, *updates), 14);
}

TEST(BotApi, EnvelopeErrorsBecomeStableCodes) {
  auto limited = reply(429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35",
    "parameters":{"retry_after":35}})");
  EXPECT_EQ(parse_ok(limited).error().code, "telegram.rate_limited");
  EXPECT_EQ(retry_after(limited), 35);
  EXPECT_EQ(
      parse_ok(
          reply(
              400,
              R"({"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same"})"))
          .error()
          .code,
      "telegram.not_modified");
  EXPECT_EQ(
      parse_ok(
          reply(
              409,
              R"({"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request"})"))
          .error()
          .code,
      "telegram.conflict");
  EXPECT_EQ(
      parse_ok(
          reply(403,
                R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})"))
          .error()
          .code,
      "telegram.forbidden");
  EXPECT_EQ(parse_ok(reply(502, "<html>Bad Gateway</html>")).error().code, "telegram.bad_response");
  EXPECT_EQ(parse_message(reply(200, R"({"ok":true,"result":true})")).error().code, "telegram.bad_response");
  EXPECT_EQ(retry_after(reply(200, "{}")), std::nullopt);
}

// Inputs fuzz/telegram_update_fuzz.cpp found (fuzz/regressions/telegram_update/) and their neighbours: a
// field of the wrong type or out of range is absent, never an exception or undefined behaviour.
TEST(BotApi, ReadsFieldsOfTheWrongTypeOrOutOfRangeAsAbsent) {
  auto huge =
      parse_ok(reply(401, R"({"ok":false,"error_code":212345678901234567890123456789000,"description":7})"));
  EXPECT_EQ(huge.error().code, "telegram.unauthorized")
      << "the HTTP status stands in for a code out of range";
  auto typed = parse_updates(reply(200, R"({"ok":true,"result":[
      {"update_id":1,"message":{"message_id":"5","chat":{"id":100},"text":"hi"}},
      {"update_id":2,"message":{"message_id":6,"chat":{"id":100},"date":"today","from":{"id":7,"is_bot":"no",
       "first_name":3}}},
      {"update_id":3,"callback_query":{"id":"q","from":{"id":7},"data":42}}]})"));
  ASSERT_TRUE(typed.has_value()) << typed.error().to_string();
  ASSERT_EQ(typed->size(), 3u);
  EXPECT_FALSE((*typed)[0].message) << "a message_id that is not an integer: no message";
  ASSERT_TRUE((*typed)[1].message);
  EXPECT_EQ((*typed)[1].message->date, 0);
  ASSERT_TRUE((*typed)[1].message->from);
  EXPECT_FALSE((*typed)[1].message->from->is_bot);
  EXPECT_EQ((*typed)[1].message->from->first_name, "");
  ASSERT_TRUE((*typed)[2].callback_query);
  EXPECT_EQ((*typed)[2].callback_query->data, "");
  EXPECT_EQ(
      parse_updates(reply(200, R"({"ok":true,"result":[{"update_id":9223372036854775807}]})")).error().code,
      "telegram.bad_response")
      << "its confirming offset would overflow";
  EXPECT_EQ(retry_after(reply(429, R"({"ok":false,"parameters":{"retry_after":99999999999}})")),
            std::nullopt);
}

TEST(BotApi, ErrorsNeverCarryTheToken) {
  auto e = parse_ok(reply(401, R"({"ok":false,"error_code":401,"description":"Unauthorized"})")).error();
  EXPECT_EQ(e.code, "telegram.unauthorized");
  EXPECT_EQ(e.to_string().find("TEST-token"), std::string::npos);
}

}  // namespace
}  // namespace dq::telegram
