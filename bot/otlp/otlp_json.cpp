#include "bot/otlp/otlp_json.hpp"

#include <algorithm>
#include <map>

namespace dq::otlp {
namespace {

using nlohmann::json;

bool is_lower_hex(std::string_view s) {
  return s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// FNV-1a, 64 bits, from `seed`: a stable hash for mapping ids of the wrong shape (not for security).
std::uint64_t fnv1a(std::string_view s, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string hex16(std::uint64_t v) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[static_cast<std::size_t>(i)] = digits[v & 0xf];
  return s;
}

json string_attr(std::string key, std::string value) {
  return {{"key", std::move(key)}, {"value", {{"stringValue", std::move(value)}}}};
}

// proto3's JSON mapping writes int64 as a decimal string.
json int_attr(std::string key, std::int64_t value) {
  return {{"key", std::move(key)}, {"value", {{"intValue", std::to_string(value)}}}};
}

json double_attr(std::string key, double value) {
  return {{"key", std::move(key)}, {"value", {{"doubleValue", value}}}};
}

// A span's start (epoch µs; start_ms for a span stored before schema 8) plus `plus_us`, in nanoseconds.
std::string nanos(const query::SpanRow& s, std::int64_t plus_us) {
  const std::int64_t start_us = s.start_us != 0 ? s.start_us : s.start_ms * 1000;
  return std::to_string((start_us + plus_us) * 1'000);
}

// The stable code a stored error starts with: "[llm.overloaded] ..." (core::Error::to_string) or
// "faithfulness.invented: ..." (the pipeline's checks) -> the code; "" when it starts with neither.
std::string error_code_of(std::string_view error) {
  const bool bracketed = error.starts_with('[');
  const auto end = bracketed ? error.find(']') : error.find(": ");
  if (end == std::string_view::npos) return {};
  const std::string_view code = error.substr(bracketed ? 1 : 0, end - (bracketed ? 1 : 0));
  const bool looks_like_code =
      code.find('.') != std::string_view::npos &&
      code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._") == std::string_view::npos;
  return looks_like_code ? std::string(code) : std::string();
}

bool is_llm_span(const query::SpanRow& s) {
  return !s.model.empty();
}

// The trace's own attributes, on every span of it so that each can be found by run, scenario or turn.
void add_trace_attributes(json& attrs, const query::TraceRow& t) {
  if (!t.run_id.empty()) attrs.push_back(string_attr("dealquest.run_id", t.run_id));
  if (!t.pipeline.empty()) attrs.push_back(string_attr("dealquest.pipeline", t.pipeline));
  if (!t.scenario.empty()) attrs.push_back(string_attr("dealquest.scenario", t.scenario));
  if (t.turn >= 0) attrs.push_back(int_attr("dealquest.turn", t.turn));
  attrs.push_back(string_attr("dealquest.trace_status", t.status));
}

void add_llm_attributes(json& attrs, const query::SpanRow& s) {
  attrs.push_back(string_attr("gen_ai.operation.name", "chat"));
  if (!s.provider.empty()) attrs.push_back(string_attr("gen_ai.provider.name", s.provider));
  attrs.push_back(string_attr("gen_ai.request.model", s.model));
  attrs.push_back(int_attr("gen_ai.usage.input_tokens", s.input_tokens));
  attrs.push_back(int_attr("gen_ai.usage.output_tokens", s.output_tokens));
  attrs.push_back(double_attr("dealquest.cost_usd", s.cost_usd));
}

json span_attributes(const query::TraceRow& t, const query::SpanRow& s) {
  json attrs = json::array();
  if (is_llm_span(s)) add_llm_attributes(attrs, s);
  add_trace_attributes(attrs, t);
  if (s.status == "error")
    if (auto code = error_code_of(s.error); !code.empty()) attrs.push_back(string_attr("error.type", code));
  if (otlp_id(t.trace_id, 32) != t.trace_id)
    attrs.push_back(string_attr("dealquest.stored_trace_id", t.trace_id));
  if (otlp_id(s.span_id, 16) != s.span_id)
    attrs.push_back(string_attr("dealquest.stored_span_id", s.span_id));
  return attrs;
}

json span_status(const query::SpanRow& s) {
  if (s.status != "error") return {{"code", kStatusOk}};
  return {{"code", kStatusError}, {"message", s.error}};
}

json encode_span(const query::TraceRow& t, const query::SpanRow& s) {
  json span = {{"traceId", otlp_id(t.trace_id, 32)},
               {"spanId", otlp_id(s.span_id, 16)},
               {"name", s.name},
               {"kind", is_llm_span(s) ? kSpanKindClient : kSpanKindInternal},
               {"startTimeUnixNano", nanos(s, 0)},
               {"endTimeUnixNano", nanos(s, s.duration_us)},
               {"attributes", span_attributes(t, s)},
               {"status", span_status(s)}};
  if (!s.parent_span_id.empty()) span["parentSpanId"] = otlp_id(s.parent_span_id, 16);
  return span;
}

json resource_spans(std::string service, json spans, const EncodeOptions& options) {
  json attrs = json::array({string_attr("service.name", std::move(service))});
  json scope = {{"name", "dealquest"}};
  if (!options.service_version.empty()) {
    attrs.push_back(string_attr("service.version", options.service_version));
    scope["version"] = options.service_version;
  }
  return {{"resource", {{"attributes", std::move(attrs)}}},
          {"scopeSpans", json::array({{{"scope", std::move(scope)}, {"spans", std::move(spans)}}})}};
}

const char* service_of(const ExportTrace& t) {
  return t.from_bot ? "dealquest-bot" : "dealquest-test";
}

// Spans added in order, grouped by service, until finish() makes them one request.
class RequestBuilder {
 public:
  void add(const ExportTrace& t, const query::SpanRow& s) {
    auto [it, added] = by_service_.try_emplace(service_of(t), json::array());
    it->second.push_back(encode_span(t.trace, s));
    ++spans_;
  }
  std::size_t spans() const { return spans_; }
  json finish(const EncodeOptions& options) {
    json request = {{"resourceSpans", json::array()}};
    for (auto& [service, spans] : by_service_)
      request["resourceSpans"].push_back(resource_spans(service, std::move(spans), options));
    by_service_.clear();
    spans_ = 0;
    return request;
  }

 private:
  std::map<std::string, json> by_service_;
  std::size_t spans_ = 0;
};

}  // namespace

std::string otlp_id(std::string_view id, std::size_t digits) {
  const bool valid =
      id.size() == digits && is_lower_hex(id) && id.find_first_not_of('0') != std::string_view::npos;
  if (valid) return std::string(id);
  std::string mapped = hex16(fnv1a(id, 0xcbf29ce484222325ULL)) + hex16(fnv1a(id, 0x84222325cbf29ce4ULL));
  mapped.resize(digits);
  if (mapped.find_first_not_of('0') == std::string::npos) mapped.back() = '1';
  return mapped;
}

std::size_t span_count(const std::vector<ExportTrace>& traces) {
  std::size_t n = 0;
  for (const auto& t : traces) n += t.spans.size();
  return n;
}

json encode_request(const std::vector<ExportTrace>& traces, const EncodeOptions& options) {
  RequestBuilder builder;
  for (const auto& t : traces)
    for (const auto& s : t.spans) builder.add(t, s);
  return builder.finish(options);
}

std::vector<std::string> encode_batches(const std::vector<ExportTrace>& traces, const EncodeOptions& options,
                                        std::size_t max_spans) {
  const std::size_t step = std::max<std::size_t>(max_spans, 1);
  std::vector<std::string> batches;
  RequestBuilder builder;
  for (const auto& t : traces) {
    for (const auto& s : t.spans) {
      builder.add(t, s);
      if (builder.spans() == step) batches.push_back(builder.finish(options).dump());
    }
  }
  if (builder.spans() > 0) batches.push_back(builder.finish(options).dump());
  return batches;
}

query::SpanRow span_row(const trace::SpanRecord& span) {
  query::SpanRow row;
  row.span_id = span.span_id.hex();
  row.parent_span_id = span.parent_id.hex();  // "" for a root
  row.name = span.name;
  row.status = trace::to_string(span.status);
  row.error = span.error;
  row.model = span.model;
  row.provider = span.provider;
  row.start_ms = span.start_ms;
  row.duration_us = span.duration_us;
  row.input_tokens = span.input_tokens;
  row.output_tokens = span.output_tokens;
  row.cost_usd = span.cost_usd;
  row.start_us = span.start_us != 0 ? span.start_us : span.start_ms * 1000;
  return row;
}

query::TraceRow trace_row(const trace::SpanRecord& root) {
  const trace::TraceAttributes& a = root.trace;
  query::TraceRow row;
  row.trace_id = root.trace_id.hex();
  row.run_id = a.run_id;
  row.pipeline = a.pipeline;
  row.scenario = a.scenario;
  row.user_id = a.user_id;
  row.chat_id = a.chat_id;
  row.status = trace::to_string(root.status);
  row.error = root.error;
  row.turn = a.turn;
  row.start_ms = root.start_ms;
  row.duration_us = root.duration_us;
  return row;
}

}  // namespace dq::otlp
