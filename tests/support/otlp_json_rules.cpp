#include "tests/support/otlp_json_rules.hpp"

namespace dq::testing {
namespace {

using nlohmann::json;
using Broken = std::optional<std::string>;

bool is_hex_id(const json& v, std::size_t digits) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return s.size() == digits && s.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos &&
         s.find_first_not_of('0') != std::string::npos;
}

bool is_decimal_string(const json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  const std::size_t digits_from = s.starts_with('-') ? 1 : 0;
  return s.size() > digits_from && s.size() <= 20 &&
         s.find_first_not_of("0123456789", digits_from) == std::string::npos;
}

Broken any_value_broken(const json& value, const std::string& where) {
  if (!value.is_object() || value.size() != 1) return where + ": value must hold exactly one typed field";
  // The iterator, not items(): a binding into `*items().begin()` outlives the proxy it points into.
  const auto field = value.begin();
  const std::string& type = field.key();
  const json& v = field.value();
  if (type == "stringValue" && v.is_string()) return std::nullopt;
  if (type == "boolValue" && v.is_boolean()) return std::nullopt;
  if (type == "intValue" && is_decimal_string(v)) return std::nullopt;
  if (type == "doubleValue" && v.is_number()) return std::nullopt;
  if (type == "arrayValue" && v.is_object()) return std::nullopt;
  if (type == "kvlistValue" && v.is_object()) return std::nullopt;
  if (type == "bytesValue" && v.is_string()) return std::nullopt;
  return where + ": " + type + " has the wrong JSON type (" + v.dump() + ")";
}

Broken attributes_broken(const json& attrs, const std::string& where) {
  if (!attrs.is_array()) return where + ": attributes must be an array";
  for (const auto& kv : attrs) {
    if (!kv.is_object() || !kv.contains("key") || !kv["key"].is_string() ||
        kv["key"].get<std::string>().empty())
      return where + ": an attribute without a key";
    const std::string at = where + " attribute " + kv["key"].get<std::string>();
    if (!kv.contains("value")) return at + ": no value";
    if (auto broken = any_value_broken(kv["value"], at)) return broken;
  }
  return std::nullopt;
}

const json* attribute(const json& attrs, std::string_view key) {
  for (const auto& kv : attrs)
    if (kv["key"] == key) return &kv["value"];
  return nullptr;
}

Broken keys_broken(const json& object, const std::string& where) {
  for (const auto& [key, v] : object.items())
    if (key.find('_') != std::string::npos) return where + ": key '" + key + "' is not lowerCamelCase";
  return std::nullopt;
}

Broken genai_broken(const json& span, const std::string& where) {
  if (!span.contains("attributes")) return std::nullopt;
  bool genai = false;
  for (const auto& kv : span["attributes"])
    genai = genai || kv["key"].get<std::string>().starts_with("gen_ai.");
  if (!genai) return std::nullopt;
  if (span.value("kind", 0) != 3) return where + ": gen_ai.* attributes on a span that is not CLIENT (3)";
  for (const char* required : {"gen_ai.operation.name", "gen_ai.request.model"})
    if (!attribute(span["attributes"], required)) return where + ": a GenAI span without " + required;
  return std::nullopt;
}

Broken times_broken(const json& span, const std::string& where) {
  for (const char* key : {"startTimeUnixNano", "endTimeUnixNano"})
    if (!span.contains(key) || !is_decimal_string(span[key]))
      return where + ": " + key + " must be a decimal string";
  if (std::stoull(span["endTimeUnixNano"].get<std::string>()) <
      std::stoull(span["startTimeUnixNano"].get<std::string>()))
    return where + ": ends before it starts";
  return std::nullopt;
}

Broken status_broken(const json& span, const std::string& where) {
  if (!span.contains("status")) return std::nullopt;
  const json& status = span["status"];
  if (!status.is_object()) return where + ": status must be an object";
  if (status.contains("code") &&
      !(status["code"].is_number_integer() && status["code"] >= 0 && status["code"] <= 2))
    return where + ": status.code must be an integer 0..2";
  if (status.contains("message") && !status["message"].is_string())
    return where + ": status.message must be a string";
  return std::nullopt;
}

Broken span_broken(const json& span, const std::string& where) {
  if (!span.is_object()) return where + ": not an object";
  if (auto broken = keys_broken(span, where)) return broken;
  if (!span.contains("traceId") || !is_hex_id(span["traceId"], 32))
    return where + ": traceId must be 32 hex digits, not all zero";
  if (!span.contains("spanId") || !is_hex_id(span["spanId"], 16))
    return where + ": spanId must be 16 hex digits, not all zero";
  if (span.contains("parentSpanId") && span["parentSpanId"] != "" && !is_hex_id(span["parentSpanId"], 16))
    return where + ": parentSpanId must be empty or 16 hex digits";
  if (!span.contains("name") || !span["name"].is_string() || span["name"].get<std::string>().empty())
    return where + ": no name";
  if (span.contains("kind") && !(span["kind"].is_number_integer() && span["kind"] >= 0 && span["kind"] <= 5))
    return where + ": kind must be an integer 0..5";
  if (auto broken = times_broken(span, where)) return broken;
  if (auto broken = status_broken(span, where)) return broken;
  if (span.contains("attributes"))
    if (auto broken = attributes_broken(span["attributes"], where)) return broken;
  return genai_broken(span, where);
}

Broken scope_spans_broken(const json& scope_spans, const std::string& where) {
  if (!scope_spans.is_array()) return where + ": scopeSpans must be an array";
  for (std::size_t i = 0; i < scope_spans.size(); ++i) {
    const json& ss = scope_spans[i];
    const std::string at = where + ".scopeSpans[" + std::to_string(i) + "]";
    if (!ss.is_object() || !ss.contains("scope") || !ss["scope"].contains("name") ||
        !ss["scope"]["name"].is_string())
      return at + ": scope.name missing";
    if (!ss.contains("spans") || !ss["spans"].is_array()) return at + ": spans must be an array";
    for (std::size_t k = 0; k < ss["spans"].size(); ++k)
      if (auto broken = span_broken(ss["spans"][k], at + ".spans[" + std::to_string(k) + "]")) return broken;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> otlp_rule_broken(const json& request) {
  if (!request.is_object() || !request.contains("resourceSpans") || !request["resourceSpans"].is_array())
    return "resourceSpans must be an array";
  for (std::size_t i = 0; i < request["resourceSpans"].size(); ++i) {
    const json& rs = request["resourceSpans"][i];
    const std::string at = "resourceSpans[" + std::to_string(i) + "]";
    if (!rs.is_object() || !rs.contains("resource") || !rs["resource"].contains("attributes"))
      return at + ": resource.attributes missing";
    if (auto broken = attributes_broken(rs["resource"]["attributes"], at + ".resource")) return broken;
    const json* service = attribute(rs["resource"]["attributes"], "service.name");
    if (!service || !service->contains("stringValue")) return at + ": no service.name";
    if (!rs.contains("scopeSpans")) return at + ": scopeSpans missing";
    if (auto broken = scope_spans_broken(rs["scopeSpans"], at)) return broken;
  }
  return std::nullopt;
}

std::optional<std::string> otlp_body_rule_broken(std::string_view body) {
  const json request = json::parse(body, nullptr, false);
  if (request.is_discarded()) return "the body is not JSON";
  return otlp_rule_broken(request);
}

std::size_t otlp_span_count(const json& request) {
  std::size_t n = 0;
  for (const auto& rs : request["resourceSpans"])
    for (const auto& ss : rs["scopeSpans"]) n += ss["spans"].size();
  return n;
}

}  // namespace dq::testing
