#include "cli/cassette/matcher.hpp"

#include <gtest/gtest.h>

namespace dq::cassette {
namespace {

using nlohmann::json;

Interaction recorded(json body, int order, std::string text) {
  Interaction in;
  in.provider = "anthropic";
  in.path = "/v1/messages";
  in.order = order;
  in.request_body = std::move(body);
  in.response_body = json{{"text", std::move(text)}};
  return in;
}

TEST(Matcher, KeyOrderWhitespaceAndIgnoredPathsDoNotMatter) {
  Cassette c;
  c.interactions.push_back(recorded(json::parse(R"({"model":"m","messages":[1],"metadata":{"user_id":"a"}})"), 0, "x"));
  Matcher m(c);
  auto hit = m.next("anthropic", "POST", "/v1/messages",
                    json::parse(R"({ "metadata": {"user_id": "b"}, "messages": [1], "model": "m" })"));
  ASSERT_TRUE(hit.has_value()) << hit.error().to_string();
  EXPECT_TRUE(m.unused().empty());
}

TEST(Matcher, IdenticalRequestsGetTheirRecordingsInOrderThenMiss) {
  Cassette c;
  const json body = json::parse(R"({"model":"m"})");
  for (int i = 0; i < 3; ++i) c.interactions.push_back(recorded(body, i, "reply " + std::to_string(i)));
  Matcher m(c);
  for (int i = 0; i < 3; ++i) EXPECT_EQ((*m.next("anthropic", "POST", "/v1/messages", body))->response_body["text"], "reply " + std::to_string(i));
  auto fourth = m.next("anthropic", "POST", "/v1/messages", body);
  ASSERT_FALSE(fourth.has_value());
  EXPECT_NE(fourth.error().message.find("made 4 times"), std::string::npos) << fourth.error().message;
}

TEST(Matcher, AMissShowsTheClosestRecordingAndWhereItDiffers) {
  Cassette c;
  c.interactions.push_back(recorded(json::parse(R"({"model":"m","max_tokens":300,"messages":[{"content":"What is the asking price?"}]})"), 0, "a"));
  c.interactions.push_back(recorded(json::parse(R"({"model":"other","max_tokens":1,"messages":[]})"), 0, "b"));
  Matcher m(c);
  auto miss = m.next("anthropic", "POST", "/v1/messages",
                     json::parse(R"({"model":"m","max_tokens":300,"messages":[{"content":"What is the asking rent?"}]})"));
  ASSERT_FALSE(miss.has_value());
  EXPECT_EQ(miss.error().code, "cassette.no_match");
  const std::string& msg = miss.error().message;
  EXPECT_NE(msg.find("closest recorded (interaction 0)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("/messages/0/content"), std::string::npos) << msg;
  EXPECT_NE(msg.find("- recorded:  …What is the asking price?"), std::string::npos) << msg;
  EXPECT_NE(msg.find("+ requested: …What is the asking rent?"), std::string::npos) << msg;
  EXPECT_EQ(m.unused().size(), 2u);
}

TEST(Matcher, ADifferentProviderOrPathNeverMatches) {
  Cassette c;
  c.interactions.push_back(recorded(json::parse(R"({"model":"m"})"), 0, "a"));
  Matcher m(c);
  EXPECT_FALSE(m.next("openrouter", "POST", "/v1/chat/completions", json::parse(R"({"model":"m"})")).has_value());
}

}  // namespace
}  // namespace dq::cassette
