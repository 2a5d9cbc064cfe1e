#include "bot/otlp/otlp_json.hpp"

#include <gtest/gtest.h>

#include "tests/support/otlp_json_rules.hpp"

namespace dq::otlp {
namespace {

using nlohmann::json;

constexpr const char* kTraceId = "0190aabbccdd0001a1b2c3d4e5f60718";

query::SpanRow span(std::string id, std::string parent, std::string name, std::int64_t start_ms,
                    std::int64_t duration_us) {
  query::SpanRow s;
  s.span_id = std::move(id);
  s.parent_span_id = std::move(parent);
  s.name = std::move(name);
  s.status = "ok";
  s.start_ms = start_ms;
  s.duration_us = duration_us;
  return s;
}

// A turn: the root, one LLM call under it (failed), one plain step.
ExportTrace turn_trace() {
  ExportTrace t;
  t.trace = {kTraceId, "20261129T000000Z-abcdef", "turn", "raise",           "u1",     "c1",
             "error",  "[llm.overloaded] x",      3,      1'790'000'000'123, 2'500'000};
  t.spans.push_back(span("00000000000000a1", "", "pipeline.turn", 1'790'000'000'123, 2'500'000));
  auto llm = span("00000000000000b2", "00000000000000a1", "llm.counterpart", 1'790'000'000'124, 1'234'567);
  llm.model = "claude-sonnet-4-6";
  llm.input_tokens = 812;
  llm.output_tokens = 96;
  llm.cost_usd = 0.0125;
  llm.status = "error";
  llm.error = "[llm.overloaded] anthropic answered 529";
  t.spans.push_back(llm);
  t.spans.push_back(span("00000000000000c3", "00000000000000a1", "ctx.load", 1'790'000'000'124, 7));
  return t;
}

const json& spans_of(const json& request) {
  return request["resourceSpans"][0]["scopeSpans"][0]["spans"];
}

const json* attr(const json& span, std::string_view key) {
  for (const auto& kv : span["attributes"])
    if (kv["key"] == key) return &kv["value"];
  return nullptr;
}

TEST(OtlpJson, KeepsTheOtlpJsonRules) {
  const json request = encode_request({turn_trace()}, {"0.1.0"});
  EXPECT_EQ(testing::otlp_rule_broken(request), std::nullopt) << request.dump(2);
  EXPECT_EQ(testing::otlp_span_count(request), 3u);
}

TEST(OtlpJson, PassesStoredIdsThroughAndLinksParents) {
  const json request = encode_request({turn_trace()}, {});
  const json& spans = spans_of(request);
  EXPECT_EQ(spans[0]["traceId"], kTraceId);
  EXPECT_EQ(spans[0]["spanId"], "00000000000000a1");
  EXPECT_FALSE(spans[0].contains("parentSpanId"));
  EXPECT_EQ(spans[1]["parentSpanId"], "00000000000000a1");
  EXPECT_EQ(spans[2]["parentSpanId"], "00000000000000a1");
}

TEST(OtlpJson, WritesTimesAsExactDecimalStringNanoseconds) {
  const json request = encode_request({turn_trace()}, {});
  const json& spans = spans_of(request);
  EXPECT_EQ(spans[1]["startTimeUnixNano"], "1790000000124000000");
  EXPECT_EQ(spans[1]["endTimeUnixNano"], "1790000001358567000");
  EXPECT_EQ(spans[2]["endTimeUnixNano"], "1790000000124007000");
}

TEST(OtlpJson, AMicrosecondStartIsKeptToTheMicrosecond) {
  ExportTrace t = turn_trace();
  t.spans[1].start_us = 1'790'000'000'124'321;  // schema 8: within the millisecond of start_ms
  const json request = encode_request({t}, {});
  const json& spans = spans_of(request);
  EXPECT_EQ(spans[1]["startTimeUnixNano"], "1790000000124321000");
  EXPECT_EQ(spans[1]["endTimeUnixNano"], "1790000001358888000");
}

TEST(OtlpJson, MapsStatusAndKind) {
  const json request = encode_request({turn_trace()}, {});
  const json& spans = spans_of(request);
  EXPECT_EQ(spans[0]["status"], json({{"code", kStatusOk}}));
  EXPECT_EQ(spans[1]["status"]["code"], kStatusError);
  EXPECT_EQ(spans[1]["status"]["message"], "[llm.overloaded] anthropic answered 529");
  EXPECT_EQ(*attr(spans[1], "error.type"), json({{"stringValue", "llm.overloaded"}}));
  ExportTrace checked = turn_trace();
  checked.spans[2].status = "error";
  checked.spans[2].error = "faithfulness.invented: 12,000 is not in the deal";
  checked.spans[0].status = "error";
  checked.spans[0].error = "it broke: somehow";
  const json again = encode_request({checked}, {});
  EXPECT_EQ(*attr(spans_of(again)[2], "error.type"), json({{"stringValue", "faithfulness.invented"}}));
  EXPECT_EQ(attr(spans_of(again)[0], "error.type"), nullptr);  // no code to name
  EXPECT_EQ(spans[0]["kind"], kSpanKindInternal);
  EXPECT_EQ(spans[1]["kind"], kSpanKindClient);
}

TEST(OtlpJson, TypesAttributeValues) {
  const json request = encode_request({turn_trace()}, {});
  const json& llm = spans_of(request)[1];
  EXPECT_EQ(*attr(llm, "gen_ai.usage.input_tokens"), json({{"intValue", "812"}}));
  EXPECT_EQ(*attr(llm, "gen_ai.usage.output_tokens"), json({{"intValue", "96"}}));
  EXPECT_TRUE((*attr(llm, "dealquest.cost_usd"))["doubleValue"].is_number_float());
  EXPECT_DOUBLE_EQ((*attr(llm, "dealquest.cost_usd"))["doubleValue"].get<double>(), 0.0125);
  EXPECT_EQ(*attr(llm, "dealquest.turn"), json({{"intValue", "3"}}));
  EXPECT_EQ(*attr(llm, "dealquest.scenario"), json({{"stringValue", "raise"}}));
  EXPECT_EQ(*attr(llm, "dealquest.trace_status"), json({{"stringValue", "error"}}));
}

TEST(OtlpJson, PutsGenAiNamesOnLlmSpansOnly) {
  const json request = encode_request({turn_trace()}, {});
  const json& spans = spans_of(request);
  EXPECT_EQ(*attr(spans[1], "gen_ai.operation.name"), json({{"stringValue", "chat"}}));
  EXPECT_EQ(*attr(spans[1], "gen_ai.request.model"), json({{"stringValue", "claude-sonnet-4-6"}}));
  EXPECT_EQ(attr(spans[1], "gen_ai.provider.name"), nullptr);  // not stored (before schema 9): not made up
  ExportTrace with_provider = turn_trace();
  with_provider.spans[1].provider = "anthropic";
  const json named = encode_request({with_provider}, {});
  EXPECT_EQ(*attr(spans_of(named)[1], "gen_ai.provider.name"), json({{"stringValue", "anthropic"}}));
  for (int i : {0, 2})
    for (const auto& kv : spans[i]["attributes"])
      EXPECT_FALSE(kv["key"].get<std::string>().starts_with("gen_ai.")) << spans[i].dump();
}

TEST(OtlpJson, NamesServiceAndVersion) {
  ExportTrace bot = turn_trace();
  bot.from_bot = true;
  const json request = encode_request({turn_trace(), bot}, {"0.1.0"});
  ASSERT_EQ(request["resourceSpans"].size(), 2u);
  std::vector<std::string> services;
  for (const auto& rs : request["resourceSpans"]) {
    services.push_back(rs["resource"]["attributes"][0]["value"]["stringValue"]);
    EXPECT_EQ(rs["resource"]["attributes"][1],
              json({{"key", "service.version"}, {"value", {{"stringValue", "0.1.0"}}}}));
    EXPECT_EQ(rs["scopeSpans"][0]["scope"], json({{"name", "dealquest"}, {"version", "0.1.0"}}));
  }
  EXPECT_EQ(services, (std::vector<std::string>{"dealquest-bot", "dealquest-test"}));
}

TEST(OtlpJson, MapsIdsOfTheWrongShapeByAHashAndKeepsThem) {
  ExportTrace t = turn_trace();
  t.trace.trace_id = "legacy-7";
  t.spans[0].span_id = "ABC";
  t.spans[1].parent_span_id = "ABC";
  const json request = encode_request({t}, {});
  EXPECT_EQ(testing::otlp_rule_broken(request), std::nullopt) << request.dump(2);
  const json& spans = spans_of(request);
  EXPECT_EQ(spans[0]["traceId"].get<std::string>().size(), 32u);
  EXPECT_EQ(spans[0]["spanId"], otlp_id("ABC", 16));
  EXPECT_EQ(spans[1]["parentSpanId"], spans[0]["spanId"]);
  EXPECT_EQ(*attr(spans[0], "dealquest.stored_trace_id"), json({{"stringValue", "legacy-7"}}));
  EXPECT_EQ(*attr(spans[0], "dealquest.stored_span_id"), json({{"stringValue", "ABC"}}));
  EXPECT_EQ(attr(spans[2], "dealquest.stored_span_id"), nullptr);
  EXPECT_EQ(otlp_id("legacy-7", 32), otlp_id("legacy-7", 32));
  EXPECT_NE(otlp_id("0000000000000000", 16), "0000000000000000");
}

TEST(OtlpJson, SplitsIntoBatchesOfAtMostMaxSpans) {
  const std::vector<ExportTrace> traces = {turn_trace(), turn_trace(), turn_trace()};
  const auto batches = encode_batches(traces, {}, 4);
  ASSERT_EQ(batches.size(), 3u);  // 9 spans: 4 + 4 + 1
  std::size_t total = 0;
  for (const auto& b : batches) {
    EXPECT_EQ(b.find('\n'), std::string::npos);
    const json request = json::parse(b);
    EXPECT_EQ(testing::otlp_rule_broken(request), std::nullopt);
    EXPECT_LE(testing::otlp_span_count(request), 4u);
    total += testing::otlp_span_count(request);
  }
  EXPECT_EQ(total, 9u);
  EXPECT_TRUE(encode_batches({}, {}).empty());
}

}  // namespace
}  // namespace dq::otlp
