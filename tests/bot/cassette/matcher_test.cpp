#include "bot/cassette/matcher.hpp"

#include <gtest/gtest.h>

#include "tests/bot/cassette/cassette_samples.hpp"

namespace dq::cassette {
namespace {

using nlohmann::json;
using test::anthropic_interaction;

MatchKey anthropic(json body) {
  return {"anthropic", "POST", "/v1/messages", std::move(body)};
}

TEST(Matcher, KeyOrderWhitespaceAndTheDefaultIgnoredPathDoNotMatter) {
  Cassette c;
  c.interactions.push_back(
      anthropic_interaction(json::parse(R"({"model":"m","messages":[1],"metadata":{"user_id":"a"}})"), "x"));
  Matcher m(c);
  auto hit = m.next(anthropic(
      json::parse("{ \"metadata\": {\"user_id\": \"b\"},\n \"messages\": [ 1 ], \"model\": \"m\" }")));
  ASSERT_TRUE(hit.has_value()) << hit.error().to_string();
  EXPECT_EQ(*hit, &c.interactions[0]);
  EXPECT_TRUE(m.unused().empty());
}

TEST(Matcher, CanonicalisationGivesEqualIdentitiesForEquivalentBodies) {
  const std::vector<std::string> ignored{"metadata.user_id", "stream"};
  const auto a =
      Matcher::identity(anthropic(json::parse(R"({"b":1,"a":{"y":2,"x":1},"stream":true})")), ignored);
  const auto b = Matcher::identity(
      anthropic(json::parse(R"({"a":{"x":1,"y":2},"b":1,"metadata":{"user_id":"u"}})")), ignored);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, Matcher::identity(anthropic(json::parse(R"({"a":{"x":1,"y":2},"b":2})")), ignored));
  EXPECT_EQ(Matcher::canonical(json::parse(R"({"metadata":{"user_id":"u","other":1}})"), ignored),
            json::parse(R"({"metadata":{"other":1}})"))
      << "only the named key goes";
}

TEST(Matcher, ConfiguredIgnoredPathsReplaceTheDefault) {
  Cassette c;
  c.interactions.push_back(anthropic_interaction(json::parse(R"({"model":"m","stream":false})"), "x"));
  Matcher streaming(c, MatchOptions{{"stream"}});
  EXPECT_TRUE(streaming.next(anthropic(json::parse(R"({"model":"m","stream":true})"))).has_value());
  Matcher strict(c, MatchOptions{{}});
  EXPECT_FALSE(strict.next(anthropic(json::parse(R"({"model":"m","stream":true})"))).has_value());
}

TEST(Matcher, GivesThreeIdenticalRequestsTheirRecordingsInOrderAndMissesTheFourth) {
  Cassette c;
  const json body = json::parse(R"({"model":"m"})");
  // Stored out of order: the order field, not the position, decides.
  for (int order : {2, 0, 1})
    c.interactions.push_back(anthropic_interaction(body, "reply " + std::to_string(order), order));
  Matcher m(c);
  for (int i = 0; i < 3; ++i) {
    auto hit = m.next(anthropic(body));
    ASSERT_TRUE(hit.has_value()) << hit.error().to_string();
    EXPECT_EQ((*hit)->order, i);
    EXPECT_EQ((*hit)->response_body["content"][0]["text"], "reply " + std::to_string(i));
  }
  auto fourth = m.next(anthropic(body));
  ASSERT_FALSE(fourth.has_value());
  EXPECT_EQ(fourth.error().code, "cassette.no_match");
  EXPECT_NE(
      fourth.error().detail.find("this identical request was made 4 times; the cassette recorded it 3 times"),
      std::string::npos)
      << fourth.error().to_string();
}

TEST(Matcher, AMissShowsTheClosestRecordingAndADiffPerJsonPath) {
  Cassette c;
  c.interactions.push_back(
      anthropic_interaction(json::parse(R"({"model":"other","max_tokens":1,"messages":[]})"), "a"));
  c.interactions.push_back(anthropic_interaction(
      json::parse(
          R"({"model":"m","max_tokens":300,"messages":[{"role":"user","content":"What is the asking price?"}]})"),
      "b"));
  Matcher m(c);
  auto miss = m.next(anthropic(json::parse(
      R"({"model":"m","max_tokens":400,"messages":[{"role":"user","content":"What is the asking rent?"}]})")));
  ASSERT_FALSE(miss.has_value());
  EXPECT_EQ(miss.error().code, "cassette.no_match");
  EXPECT_EQ(miss.error().where, "") << "the caller adds scenario/turn/step";
  // The message is the program's own words; the diff quotes the request (and so a user's words): detail.
  EXPECT_EQ(miss.error().message, "no recorded request matches anthropic POST /v1/messages");
  EXPECT_EQ(
      miss.error().detail,
      "\n"
      "  closest recorded: interaction 1 (order 0), it differs at 2 paths:\n"
      "    max_tokens\n"
      "      - recorded:  300\n"
      "      + requested: 400\n"
      "    messages[0].content\n"
      "      - recorded:  What is the asking price?\n"
      "      + requested: What is the asking rent?\n"
      "  re-record with: dealquest-test run --live --record missing (it calls the real providers and costs "
      "money; `dealquest-test cassettes check` shows how much)");
  EXPECT_EQ(m.unused().size(), 2u);
}

TEST(Matcher, AMissWithNothingForThatEndpointSaysSo) {
  Cassette c;
  c.interactions.push_back(anthropic_interaction(json::parse(R"({"model":"m"})"), "a"));
  Matcher m(c);
  auto miss = m.next({"openrouter", "POST", "/v1/chat/completions", json::parse(R"({"model":"m"})")});
  ASSERT_FALSE(miss.has_value());
  EXPECT_NE(
      miss.error().to_string().find("the cassette has no request to openrouter /v1/chat/completions at all"),
      std::string::npos)
      << miss.error().to_string();
}

TEST(Matcher, NeverMatchesADifferentProviderMethodOrPath) {
  Cassette c;
  c.interactions.push_back(anthropic_interaction(json::parse(R"({"model":"m"})"), "a"));
  const json body = json::parse(R"({"model":"m"})");
  EXPECT_FALSE(Matcher(c).next({"openrouter", "POST", "/v1/messages", body}).has_value());
  EXPECT_FALSE(Matcher(c).next({"anthropic", "POST", "/v1/complete", body}).has_value());
  auto get = Matcher(c).next({"anthropic", "GET", "/v1/messages", body});
  ASSERT_FALSE(get.has_value());
  EXPECT_NE(get.error().detail.find("(method)\n      - recorded:  POST\n      + requested: GET"),
            std::string::npos)
      << get.error().to_string();
}

TEST(Matcher, ListsTheRecordingsNoRequestUsed) {
  Cassette c;
  c.interactions.push_back(anthropic_interaction(json::parse(R"({"n":1})"), "a"));
  c.interactions.push_back(anthropic_interaction(json::parse(R"({"n":2})"), "b"));
  c.interactions.push_back(anthropic_interaction(json::parse(R"({"n":3})"), "c"));
  Matcher m(c);
  ASSERT_TRUE(m.next(anthropic(json::parse(R"({"n":2})"))).has_value());
  EXPECT_EQ(m.unused(), (std::vector<const Interaction*>{&c.interactions[0], &c.interactions[2]}));
}

TEST(Matcher, MatchesABodyThatIsNotJsonByItsText) {
  Cassette c;
  c.interactions.push_back(anthropic_interaction(json("plain text body"), "a"));
  Matcher m(c);
  EXPECT_TRUE(m.next(anthropic(json("plain text body"))).has_value());
}

}  // namespace
}  // namespace dq::cassette
