#include "bot/cassette/cassette.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include "tests/bot/cassette/cassette_samples.hpp"
#include "tests/support/process.hpp"

namespace dq::cassette {
namespace {

using nlohmann::json;

TEST(Cassette, RoundTripsWithSortedKeysAndStableBytes) {
  const std::string text = serialize_cassette(test::sample_cassette());
  auto parsed = parse_cassette(text, "recordings/salary-raise.json");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().to_string();
  EXPECT_EQ(serialize_cassette(*parsed), text);
  EXPECT_EQ(parsed->scenario, "salary-raise");
  ASSERT_EQ(parsed->interactions.size(), 1u);
  const Interaction& in = parsed->interactions[0];
  EXPECT_EQ(in.latency_ms, 812);
  EXPECT_EQ(in.request_body["messages"][0]["content"], "hi");
  EXPECT_EQ(in.response_headers.at("request-id"), "req_1");
  EXPECT_EQ(in.input_tokens, 12);
}

TEST(Cassette, IsWrittenWithTwoSpaceIndentSortedKeysAndAFinalNewline) {
  const std::string text = serialize_cassette(test::sample_cassette());
  EXPECT_EQ(text.substr(0, 26), "{\n  \"format_version\": 1,\n ");
  EXPECT_EQ(text.back(), '\n');
  EXPECT_LT(text.find("\"format_version\""), text.find("\"interactions\""));
  EXPECT_LT(text.find("\"interactions\""), text.find("\"recorded_with\""));
  EXPECT_LT(text.find("\"recorded_with\""), text.find("\"scenario\""));
  EXPECT_LT(text.find("\"latency_ms\""), text.find("\"method\""));
  EXPECT_LT(text.find("\"method\""), text.find("\"order\""));
  EXPECT_LT(text.find("\"max_tokens\""), text.find("\"messages\"")) << "bodies are stored as sorted JSON";
}

TEST(Cassette, StoresABodyThatIsNotJsonAsAString) {
  Cassette c = test::sample_cassette();
  c.interactions[0].response_body = "upstream said: <html>busy</html>";
  auto parsed = parse_cassette(serialize_cassette(c), "x.json");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().to_string();
  EXPECT_EQ(parsed->interactions[0].response_body, "upstream said: <html>busy</html>");
}

TEST(Cassette, WritesInvalidUtf8FromAProviderWithoutThrowing) {
  Cassette c = test::sample_cassette();
  c.interactions[0].response_body = std::string("bad \xff byte");
  std::string text;
  EXPECT_NO_THROW(text = serialize_cassette(c));
  EXPECT_TRUE(parse_cassette(text, "x.json").has_value());
}

TEST(Cassette, RejectsAFileWrittenByANewerFormatVersion) {
  auto r =
      parse_cassette(R"({"format_version": 2, "scenario": "s", "interactions": []})", "recordings/s.json");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "cassette.too_new");
  EXPECT_EQ(r.error().where, "recordings/s.json");
  EXPECT_NE(r.error().message.find("format_version 2"), std::string::npos) << r.error().message;
}

TEST(Cassette, RejectsAVersionOlderThanTheOldestSupported) {
  auto r = parse_cassette(R"({"format_version": 0, "scenario": "s", "interactions": []})", "s.json");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "cassette.invalid");
}

TEST(Cassette, ReportsTextThatIsNotJsonWithWhereTheParserStopped) {
  auto r = parse_cassette("{\"format_version\": 1,\n  oops}", "recordings/x.json");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "cassette.invalid");
  EXPECT_EQ(r.error().where, "recordings/x.json");
  EXPECT_NE(r.error().message.find("line 2"), std::string::npos) << r.error().message;
}

TEST(Cassette, RefusesANumberTooLargeForADoubleInsteadOfThrowing) {
  // nlohmann throws out_of_range (406), not parse_error, for 1e999 (fuzz/regressions/cassette/).
  auto r = parse_cassette(R"({"format_version": 1, "scenario": "s", "interactions": [], "x": 1e999})",
                          "recordings/x.json");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "cassette.invalid");
}

struct BadField {
  const char* name;
  std::function<void(json&)> edit;
  const char* expected;  // the start of the message: "<JSON path>: <problem>"
};

class CassetteInvalidField : public ::testing::TestWithParam<BadField> {};

TEST_P(CassetteInvalidField, NamesTheFileAndTheJsonPathOfTheProblem) {
  Cassette c = test::sample_cassette();
  c.interactions.push_back(c.interactions[0]);
  c.interactions.push_back(c.interactions[0]);
  json doc = json::parse(serialize_cassette(c));
  GetParam().edit(doc);
  auto r = parse_cassette(doc.dump(2), "recordings/x.json");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "cassette.invalid");
  EXPECT_EQ(r.error().where, "recordings/x.json");
  EXPECT_EQ(r.error().message.rfind(GetParam().expected, 0), 0u) << r.error().to_string();
}

INSTANTIATE_TEST_SUITE_P(
    EveryField, CassetteInvalidField,
    ::testing::Values(
        BadField{"top_level_list", [](json& d) { d = json::array(); },
                 "expected a JSON object at the top level"},
        BadField{"no_version", [](json& d) { d.erase("format_version"); }, "format_version: missing"},
        BadField{"version_text", [](json& d) { d["format_version"] = "1"; },
                 "format_version: expected an integer"},
        BadField{"no_scenario", [](json& d) { d.erase("scenario"); }, "scenario: missing"},
        BadField{"scenario_number", [](json& d) { d["scenario"] = 3; }, "scenario: expected a string"},
        BadField{"recorded_with_number", [](json& d) { d["recorded_with"] = 1; },
                 "recorded_with: expected a string"},
        BadField{"no_interactions", [](json& d) { d.erase("interactions"); }, "interactions: missing"},
        BadField{"interactions_object", [](json& d) { d["interactions"] = json::object(); },
                 "interactions: expected a list"},
        BadField{"interaction_text", [](json& d) { d["interactions"][1] = "x"; },
                 "interactions[1]: expected an object"},
        BadField{"no_provider", [](json& d) { d["interactions"][2].erase("provider"); },
                 "interactions[2].provider: missing"},
        BadField{"method_number", [](json& d) { d["interactions"][2]["method"] = 1; },
                 "interactions[2].method: expected a string"},
        BadField{"no_path", [](json& d) { d["interactions"][1].erase("path"); },
                 "interactions[1].path: missing"},
        BadField{"order_text", [](json& d) { d["interactions"][2]["order"] = "0"; },
                 "interactions[2].order: expected an integer"},
        BadField{"order_negative", [](json& d) { d["interactions"][2]["order"] = -1; },
                 "interactions[2].order: expected an integer from 0"},
        BadField{"no_request", [](json& d) { d["interactions"][0].erase("request"); },
                 "interactions[0].request: missing"},
        BadField{"no_request_body", [](json& d) { d["interactions"][2]["request"].erase("body"); },
                 "interactions[2].request.body: missing"},
        BadField{"request_headers_list",
                 [](json& d) { d["interactions"][2]["request"]["headers"] = json::array(); },
                 "interactions[2].request.headers: expected an object"},
        BadField{"request_header_number",
                 [](json& d) { d["interactions"][2]["request"]["headers"]["content-type"] = 1; },
                 "interactions[2].request.headers.content-type: expected a string"},
        BadField{"response_text", [](json& d) { d["interactions"][2]["response"] = "ok"; },
                 "interactions[2].response: expected an object"},
        BadField{"status_text", [](json& d) { d["interactions"][2]["response"]["status"] = "200"; },
                 "interactions[2].response.status: expected an integer"},
        BadField{"status_out_of_range", [](json& d) { d["interactions"][2]["response"]["status"] = 2000; },
                 "interactions[2].response.status: expected an integer from 100 to 599"},
        BadField{"no_response_body", [](json& d) { d["interactions"][2]["response"].erase("body"); },
                 "interactions[2].response.body: missing"},
        BadField{"latency_float", [](json& d) { d["interactions"][2]["latency_ms"] = 1.5; },
                 "interactions[2].latency_ms: expected an integer"},
        BadField{"recorded_at_number", [](json& d) { d["interactions"][2]["recorded_at"] = 0; },
                 "interactions[2].recorded_at: expected a string"},
        BadField{"usage_list", [](json& d) { d["interactions"][2]["usage"] = json::array(); },
                 "interactions[2].usage: expected an object"},
        BadField{"usage_tokens_text", [](json& d) { d["interactions"][2]["usage"]["input_tokens"] = "12"; },
                 "interactions[2].usage.input_tokens: expected an integer"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(Cassette, TheShippedRecordingsParseAndReserializeToTheSameBytes) {
  int seen = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(DQ_SOURCE_DIR) / "recordings")) {
    if (e.path().extension() != ".json" || e.path().filename() == "authored-responses.json") continue;
    const std::string text = testing::read_file(e.path().string());
    auto parsed = parse_cassette(text, e.path().string());
    ASSERT_TRUE(parsed.has_value()) << parsed.error().to_string();
    EXPECT_EQ(serialize_cassette(*parsed), text) << e.path();
    ++seen;
  }
  EXPECT_GT(seen, 0);
}

}  // namespace
}  // namespace dq::cassette
