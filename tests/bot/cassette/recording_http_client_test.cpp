#include "bot/cassette/recording_http_client.hpp"

#include <gtest/gtest.h>

#include "bot/cassette/cassette_errors.hpp"
#include "tests/bot/cassette/cassette_samples.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/process.hpp"
#include "tests/support/run_loop.hpp"
#include "tests/support/scripted_http_client.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::cassette {
namespace {

using nlohmann::json;

const std::string kKey = "sk-ant-api03-LIVEKEYLIVEKEYLIVEKEY";
const std::string kOddSecret = "hunter2-but-longer";  // a configured secret with no recognisable shape

std::string reply(const std::string& text) {
  return json{{"content", {{{"type", "text"}, {"text", text}}}},
              {"usage", {{"input_tokens", 5}, {"output_tokens", 1}}}}
      .dump();
}

http::Request request_for(const std::string& prompt) {
  http::Request r = test::anthropic_request(json{{"model", "m"},
                                                 {"system", "key " + kOddSecret},
                                                 {"messages", {{{"role", "user"}, {"content", prompt}}}}}
                                                .dump());
  r.headers = {{"x-api-key", kKey}, {"Authorization", "Bearer " + kKey}, {"anthropic-version", "2023-06-01"}};
  return r;
}

class RecordingHttpClientTest : public ::testing::Test {
 protected:
  core::Result<http::Response> send(RecordingHttpClient& client, http::Request request) {
    boost::asio::io_context io;
    return testing::run_to_completion(io, client.send(request));
  }
  Redactor redactor{{kKey, kOddSecret}};
  testing::ScriptedHttpClient inner;
  testing::FakeClock clock{1'795'000'000'000};
  Cassette into;
};

TEST_F(RecordingHttpClientTest, RecordsEveryRequestInAllModeRedactedAndNumbered) {
  Cassette existing;
  existing.interactions.push_back(test::anthropic_interaction(json::parse("{}"), "never used"));
  RecordingHttpClient client(inner, into, RecordMode::all, &existing, MatchOptions{}, redactor, clock);
  inner.respond(200, reply("one"), {{"content-type", "application/json"}, {"set-cookie", "s=1"}});
  inner.respond(200, reply("two"));
  inner.respond(200, reply("three"));
  ASSERT_TRUE(send(client, request_for("hi")).has_value());
  ASSERT_TRUE(send(client, request_for("hi")).has_value());
  auto third = send(client, request_for("other"));
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(json::parse(third->body)["content"][0]["text"], "three");
  EXPECT_EQ(inner.requests.size(), 3u);
  EXPECT_EQ(inner.requests[0].headers[0].value, kKey) << "the live request itself is not redacted";

  ASSERT_EQ(into.interactions.size(), 3u);
  EXPECT_EQ(into.interactions[0].order, 0);
  EXPECT_EQ(into.interactions[1].order, 1) << "the second identical request";
  EXPECT_EQ(into.interactions[2].order, 0);
  const Interaction& in = into.interactions[0];
  EXPECT_EQ(in.provider, "anthropic");
  EXPECT_EQ(in.path, "/v1/messages");
  EXPECT_EQ(in.request_headers, (std::map<std::string, std::string>{{"anthropic-version", "2023-06-01"}}));
  EXPECT_EQ(in.response_headers, (std::map<std::string, std::string>{{"content-type", "application/json"}}));
  EXPECT_EQ(in.request_body["system"], "key <redacted>");
  EXPECT_EQ(in.recorded_at, "2026-11-18T11:06:40Z");
  EXPECT_EQ(in.input_tokens, 5);
}

TEST_F(RecordingHttpClientTest, AnswersFromTheExistingCassetteInMissingModeAndRecordsOnlyWhatIsNew) {
  Cassette existing;
  existing.interactions.push_back(
      test::anthropic_interaction(json{{"model", "m"},
                                       {"system", "key <redacted>"},
                                       {"messages", {{{"role", "user"}, {"content", "hi"}}}}},
                                  "recorded earlier"));
  RecordingHttpClient client(inner, into, RecordMode::missing, &existing, MatchOptions{}, redactor, clock);
  inner.respond(200, reply("new"));
  inner.respond(200, reply("new again"));

  auto old = send(client, request_for("hi"));
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(json::parse(old->body)["content"][0]["text"], "recorded earlier");
  EXPECT_TRUE(inner.requests.empty()) << "a recorded answer costs nothing";
  ASSERT_TRUE(send(client, request_for("hi")).has_value()) << "a second identical request is new";
  ASSERT_TRUE(send(client, request_for("other")).has_value());
  EXPECT_EQ(inner.requests.size(), 2u);

  ASSERT_EQ(into.interactions.size(), 3u);
  EXPECT_EQ(into.interactions[0].response_body["content"][0]["text"], "recorded earlier");
  EXPECT_EQ(into.interactions[0].order, 0);
  EXPECT_EQ(into.interactions[1].response_body["content"][0]["text"], "new");
  EXPECT_EQ(into.interactions[1].order, 1);
  EXPECT_EQ(into.interactions[2].order, 0);
}

TEST_F(RecordingHttpClientTest, InMissingModeKeepUnusedCarriesOverEveryRecordingTheRunNeverAskedFor) {
  Cassette existing;
  auto body = [](const std::string& prompt) {
    return json{{"model", "m"},
                {"system", "key <redacted>"},
                {"messages", {{{"role", "user"}, {"content", prompt}}}}};
  };
  existing.interactions.push_back(test::anthropic_interaction(body("hi"), "hi, first variant"));
  existing.interactions.push_back(test::anthropic_interaction(body("hi"), "hi, second variant"));
  existing.interactions.back().order = 1;
  existing.interactions.push_back(test::anthropic_interaction(body("later turn"), "never reached"));
  RecordingHttpClient client(inner, into, RecordMode::missing, &existing, MatchOptions{}, redactor, clock);
  inner.respond(200, reply("new"));
  ASSERT_TRUE(send(client, request_for("hi")).has_value());
  ASSERT_TRUE(send(client, request_for("changed prompt")).has_value());
  client.keep_unused();
  client.keep_unused();  // a second call adds nothing

  ASSERT_EQ(into.interactions.size(), 4u) << "3 recorded earlier, 1 new: nothing removed";
  EXPECT_EQ(into.interactions[0].response_body["content"][0]["text"], "hi, first variant");
  EXPECT_EQ(into.interactions[1].response_body["content"][0]["text"], "new");
  EXPECT_EQ(into.interactions[2].response_body["content"][0]["text"], "hi, second variant");
  EXPECT_EQ(into.interactions[2].order, 1) << "numbered after the variant that was used";
  EXPECT_EQ(into.interactions[3].response_body["content"][0]["text"], "never reached");
  EXPECT_EQ(into.interactions[3].order, 0);
}

TEST_F(RecordingHttpClientTest, RecordsOnlySuccessSoARetryLeavesJustTheSuccess) {
  RecordingHttpClient client(inner, into, RecordMode::missing, nullptr, MatchOptions{}, redactor, clock);
  inner.respond(429, R"({"type":"error"})", {{"retry-after", "1"}});
  inner.fail({"http.timeout", "", "slow"});
  inner.respond(200, reply("finally"));
  auto limited = send(client, request_for("hi"));
  ASSERT_TRUE(limited.has_value());
  EXPECT_EQ(limited->status, 429) << "passed through unchanged";
  EXPECT_EQ(send(client, request_for("hi")).error().code, "http.timeout");
  ASSERT_TRUE(send(client, request_for("hi")).has_value());
  ASSERT_EQ(into.interactions.size(), 1u);
  EXPECT_EQ(into.interactions[0].order, 0) << "a replay, which never retries, asks for order 0";
  EXPECT_EQ(into.interactions[0].response_body["content"][0]["text"], "finally");
}

TEST_F(RecordingHttpClientTest, NeverLetsASecretFromTheRequestOrResponseReachTheSavedFile) {
  RecordingHttpClient client(inner, into, RecordMode::all, nullptr, MatchOptions{}, redactor, clock);
  inner.respond(200, json{{"echo", "you sent " + kKey + " and " + kOddSecret}}.dump(),
                {{"request-id", "req_" + kOddSecret}, {"x-api-key", kKey}});
  http::Request req = request_for("my key is " + kKey);
  req.url = "https://api.anthropic.com/v1/messages?key=" + kKey;
  ASSERT_TRUE(send(client, req).has_value());

  testing::TempDir dir;
  const std::string path = (dir / "s.json").string();
  ASSERT_TRUE(save_cassette(path, into, redactor).has_value());
  const std::string saved = testing::read_file(path);
  EXPECT_EQ(saved.find(kKey), std::string::npos) << saved;
  EXPECT_EQ(saved.find("LIVEKEY"), std::string::npos) << saved;
  EXPECT_EQ(saved.find(kOddSecret), std::string::npos) << saved;
  EXPECT_EQ(saved.find("x-api-key"), std::string::npos) << saved;
  EXPECT_EQ(saved.find("authorization"), std::string::npos) << saved;
  EXPECT_NE(saved.find("my key is <redacted>"), std::string::npos) << saved;
}

TEST_F(RecordingHttpClientTest, TheRecordingReplaysThroughTheSameMatching) {
  RecordingHttpClient client(inner, into, RecordMode::all, nullptr, MatchOptions{}, redactor, clock);
  inner.respond(200, reply("first"));
  inner.respond(200, reply("second"));
  ASSERT_TRUE(send(client, request_for("hi")).has_value());
  ASSERT_TRUE(send(client, request_for("hi")).has_value());

  auto reloaded = parse_cassette(serialize_cassette(into), "s.json");
  ASSERT_TRUE(reloaded.has_value()) << reloaded.error().to_string();
  Matcher m(*reloaded);
  for (const char* expected : {"first", "second"}) {
    auto hit = m.next({"anthropic", "POST", "/v1/messages",
                       json{{"model", "m"},
                            {"system", "key <redacted>"},
                            {"messages", {{{"role", "user"}, {"content", "hi"}}}}}});
    ASSERT_TRUE(hit.has_value()) << hit.error().to_string();
    EXPECT_EQ((*hit)->response_body["content"][0]["text"], expected);
  }
}

http::Response answered(const std::string& text, std::int64_t measured_us,
                        std::vector<http::Header> headers) {
  http::Response r;
  r.status = 200;
  r.body = reply(text);
  r.headers = std::move(headers);
  r.latency_us = measured_us;
  return r;
}

TEST_F(RecordingHttpClientTest, AReproducibleRecordingStoresTheEpochAndTheDeclaredLatencyNothingMeasured) {
  RecordingHttpClient client(inner, into, RecordMode::all, nullptr, MatchOptions{}, redactor, clock,
                             /*source_date_epoch=*/1'798'761'600);
  inner.respond(answered("one", 1'234'567, {{"Server-Timing", "cfL4;dur=3, total;desc=\"all\";dur=400.4"}}));
  inner.respond(answered("two", 987'000, {}));
  ASSERT_TRUE(send(client, request_for("hi")).has_value());
  clock.advance_ms(30LL * 3600 * 1000);
  ASSERT_TRUE(send(client, request_for("other")).has_value());
  ASSERT_EQ(into.interactions.size(), 2u);
  EXPECT_EQ(into.interactions[0].latency_ms, 400) << "what the server declared, not the 1,234 ms measured";
  EXPECT_EQ(into.interactions[1].latency_ms, 0) << "declared nothing: 0, never the measured 987 ms";
  for (const auto& in : into.interactions) EXPECT_EQ(in.recorded_at, "2027-01-01T00:00:00Z");
  EXPECT_TRUE(into.interactions[0].response_headers.empty()) << "server-timing is not kept in the file";
}

TEST_F(RecordingHttpClientTest, WithoutAnEpochARecordingStoresTheMeasuredLatencyAndTheClock) {
  RecordingHttpClient client(inner, into, RecordMode::all, nullptr, MatchOptions{}, redactor, clock);
  inner.respond(answered("one", 1'234'567, {{"server-timing", "total;dur=400"}}));
  ASSERT_TRUE(send(client, request_for("hi")).has_value());
  ASSERT_EQ(into.interactions.size(), 1u);
  EXPECT_EQ(into.interactions[0].latency_ms, 1234) << "a real provider's recording is unchanged";
  EXPECT_EQ(into.interactions[0].recorded_at, "2026-11-18T11:06:40Z");
}

TEST(SourceDateEpoch, IsUnsetOrAWholeNumberOfSecondsAndAnythingElseIsAnError) {
  using seconds = std::optional<std::int64_t>;
  auto parsed_ok = [](std::optional<std::string_view> value) {
    auto parsed = parse_source_date_epoch(value);
    EXPECT_TRUE(parsed.has_value()) << parsed.error().to_string();
    return parsed.value_or(seconds(-1));
  };
  EXPECT_EQ(parsed_ok(std::nullopt), seconds());
  EXPECT_EQ(parsed_ok(""), seconds());
  EXPECT_EQ(parsed_ok("1798761600"), seconds(1'798'761'600));
  EXPECT_EQ(parsed_ok("0"), seconds(0));
  for (const char* bad :
       {"-1", "+5", "1.5", "now", "17987616OO", " 1", "99999999999999999999", "253402300800"}) {
    auto parsed = parse_source_date_epoch(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().code, errc::bad_source_date_epoch) << bad;
    EXPECT_NE(parsed.error().message.find(bad), std::string::npos) << parsed.error().to_string();
  }
}

}  // namespace
}  // namespace dq::cassette
