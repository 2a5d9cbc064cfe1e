// The OTLP/JSON rules the fake receiver and the export e2e tests check with: a valid request passes, and each
// broken rule is caught (a checker that passes everything would make those tests worthless).
#include "tests/support/otlp_json_rules.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace dq::testing {
namespace {

using nlohmann::json;

json valid_request() {
  return json::parse(R"({"resourceSpans":[{"resource":{"attributes":[
    {"key":"service.name","value":{"stringValue":"dealquest-test"}}]},
    "scopeSpans":[{"scope":{"name":"dealquest"},"spans":[
      {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"eee19b7ec3c1b173",
       "name":"llm.counterpart","kind":3,"startTimeUnixNano":"1760000000000000000",
       "endTimeUnixNano":"1760000001250000000","status":{"code":1},
       "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
                     {"key":"gen_ai.request.model","value":{"stringValue":"m"}},
                     {"key":"gen_ai.usage.input_tokens","value":{"intValue":"812"}},
                     {"key":"dealquest.cost_usd","value":{"doubleValue":0.01}}]}]}]}]})");
}

json& span_of(json& request) {
  return request["resourceSpans"][0]["scopeSpans"][0]["spans"][0];
}

struct Breakage {
  const char* name;
  std::function<void(json&)> apply;
};

class OtlpJsonRulesBroken : public ::testing::TestWithParam<Breakage> {};

TEST(OtlpJsonRules, AcceptsAValidRequest) {
  EXPECT_EQ(otlp_rule_broken(valid_request()), std::nullopt);
  EXPECT_EQ(otlp_span_count(valid_request()), 1u);
}

TEST_P(OtlpJsonRulesBroken, IsCaught) {
  json request = valid_request();
  GetParam().apply(request);
  EXPECT_NE(otlp_rule_broken(request), std::nullopt) << request.dump();
}

INSTANTIATE_TEST_SUITE_P(
    EachRule, OtlpJsonRulesBroken,
    ::testing::Values(
        Breakage{"ShortTraceId", [](json& r) { span_of(r)["traceId"] = "5b8efff798038103"; }},
        Breakage{"ZeroTraceId", [](json& r) { span_of(r)["traceId"] = std::string(32, '0'); }},
        Breakage{"Base64SpanId", [](json& r) { span_of(r)["spanId"] = "7uGbfsPBsXQ="; }},
        Breakage{"BadParent", [](json& r) { span_of(r)["parentSpanId"] = "xyz"; }},
        Breakage{"NumericTime", [](json& r) { span_of(r)["startTimeUnixNano"] = 1760000000000000000ULL; }},
        Breakage{"EndBeforeStart", [](json& r) { span_of(r)["endTimeUnixNano"] = "1"; }},
        Breakage{"EnumAsText", [](json& r) { span_of(r)["kind"] = "SPAN_KIND_CLIENT"; }},
        Breakage{"StatusCodeOutOfRange", [](json& r) { span_of(r)["status"]["code"] = 7; }},
        Breakage{"IntAsNumber", [](json& r) { span_of(r)["attributes"][2]["value"]["intValue"] = 812; }},
        Breakage{"DoubleAsString",
                 [](json& r) { span_of(r)["attributes"][3]["value"]["doubleValue"] = "0.01"; }},
        Breakage{"TwoValues", [](json& r) { span_of(r)["attributes"][0]["value"]["boolValue"] = true; }},
        Breakage{"SnakeCaseKey", [](json& r) { span_of(r)["start_time_unix_nano"] = "1"; }},
        Breakage{"NoServiceName",
                 [](json& r) { r["resourceSpans"][0]["resource"]["attributes"] = json::array(); }},
        Breakage{"GenAiOnInternalSpan", [](json& r) { span_of(r)["kind"] = 1; }},
        Breakage{"NoName", [](json& r) { span_of(r).erase("name"); }}),
    [](const ::testing::TestParamInfo<Breakage>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace dq::testing
