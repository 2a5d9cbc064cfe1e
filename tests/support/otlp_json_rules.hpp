#pragma once
// The rules an OTLP/JSON ExportTraceServiceRequest must keep (opentelemetry-proto's JSON encoding:
// reference/record-replay-and-tracing.md B.2), checked independently of the encoder under test: the fake
// OTLP receiver refuses a body that breaks one, and the e2e tests check `export --out` files with it.
//
// Checked: the envelope (resourceSpans -> resource.attributes with service.name, scopeSpans -> scope.name,
// spans); per span: traceId 32 and spanId 16 hex digits, not all zero; parentSpanId absent, "" or 16 hex
// digits; a name; kind an integer 0..5; start/end times decimal strings with end >= start; status.code an
// integer 0..2; attributes as {key, value} with exactly one typed value (intValue a decimal string,
// doubleValue a number, stringValue a string, boolValue a bool); lowerCamelCase keys only. Plus one rule of
// ours: `gen_ai.*` attributes only on CLIENT spans, and with them gen_ai.operation.name and
// gen_ai.request.model.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace dq::testing {

// The first rule `request` breaks, as a sentence naming where; nullopt when it keeps them all.
std::optional<std::string> otlp_rule_broken(const nlohmann::json& request);

// Parses `body` first (a parse error is a broken rule too).
std::optional<std::string> otlp_body_rule_broken(std::string_view body);

// Spans in a request that keeps the rules.
std::size_t otlp_span_count(const nlohmann::json& request);

}  // namespace dq::testing
