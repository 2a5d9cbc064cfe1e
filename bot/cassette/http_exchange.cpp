#include "bot/cassette/http_exchange.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "bot/core/utc_text.hpp"

namespace dq::cassette {
namespace {

using nlohmann::json;

json body_of(std::string_view text, const Redactor& redactor) {
  const std::string clean = redactor.redact(text);
  json j = json::parse(clean, nullptr, false);
  return j.is_discarded() ? json(clean) : j;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::int64_t tokens(const json& usage, const char* name, const char* openai_name) {
  for (const char* key : {name, openai_name}) {
    auto it = usage.find(key);
    if (it != usage.end() && it->is_number_integer()) return it->get<std::int64_t>();
  }
  return 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The `dur` of one Server-Timing metric ("total;desc=\"all\";dur=400.2") when its name is `name`.
std::optional<double> metric_duration(std::string_view metric, std::string_view name) {
  std::string_view rest = metric;
  const auto semi = rest.find(';');
  if (lower(trim(rest.substr(0, semi))) != name || semi == std::string_view::npos) return std::nullopt;
  rest.remove_prefix(semi + 1);
  while (!rest.empty()) {
    const auto next = rest.find(';');
    const std::string_view param = trim(rest.substr(0, next));
    rest.remove_prefix(next == std::string_view::npos ? rest.size() : next + 1);
    const auto eq = param.find('=');
    if (eq == std::string_view::npos || lower(trim(param.substr(0, eq))) != "dur") continue;
    const std::string_view value = trim(param.substr(eq + 1));
    double dur = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), dur);
    if (ec == std::errc() && end == value.data() + value.size() && std::isfinite(dur) && dur >= 0) return dur;
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::string endpoint_path(std::string_view path) {
  if (auto v1 = path.find("/v1/"); v1 != std::string_view::npos) return std::string(path.substr(v1));
  return std::string(path);
}

std::string provider_of_path(std::string_view endpoint) {
  if (endpoint == "/v1/messages") return "anthropic";
  if (endpoint.ends_with("/chat/completions")) return "openrouter";
  return {};
}

MatchKey match_key_of(const http::Request& request, const Redactor& redactor) {
  MatchKey key;
  key.path = endpoint_path(redactor.redact(http::url_path(request.url)));
  key.provider = provider_of_path(key.path);
  key.method = request.method;
  key.body = body_of(request.body, redactor);
  return key;
}

http::Response response_of(const Interaction& in) {
  http::Response r;
  r.status = in.status;
  for (const auto& [name, value] : in.response_headers) r.headers.push_back({name, value});
  r.body = in.response_body.is_string()
               ? in.response_body.get<std::string>()
               : in.response_body.dump(-1, ' ', false, json::error_handler_t::replace);
  r.latency_us = in.latency_ms * 1000;
  return r;
}

Interaction interaction_of(const MatchKey& key, const http::Request& request, const http::Response& response,
                           const Redactor& redactor, std::int64_t recorded_at_wall_ms) {
  Interaction in;
  in.provider = key.provider;
  in.method = key.method;
  in.path = key.path;
  for (const auto& h : request.headers)
    if (Redactor::keep_request_header(h.name)) in.request_headers[lower(h.name)] = redactor.redact(h.value);
  in.request_body = key.body;
  in.status = response.status;
  for (const auto& h : response.headers)
    if (Redactor::keep_response_header(h.name)) in.response_headers[lower(h.name)] = redactor.redact(h.value);
  in.response_body = body_of(response.body, redactor);
  if (in.response_body.is_object()) {
    if (auto u = in.response_body.find("usage"); u != in.response_body.end() && u->is_object()) {
      in.input_tokens = tokens(*u, "input_tokens", "prompt_tokens");
      in.output_tokens = tokens(*u, "output_tokens", "completion_tokens");
    }
  }
  in.latency_ms = response.latency_us / 1000;
  in.recorded_at = utc_timestamp(recorded_at_wall_ms);
  return in;
}

std::optional<std::int64_t> declared_latency_ms(const http::Response& response) {
  for (const auto& h : response.headers) {
    if (lower(h.name) != "server-timing") continue;
    std::string_view metrics = h.value;
    while (!metrics.empty()) {
      const auto comma = metrics.find(',');
      if (auto dur = metric_duration(metrics.substr(0, comma), "total"))
        return static_cast<std::int64_t>(std::llround(*dur));
      metrics.remove_prefix(comma == std::string_view::npos ? metrics.size() : comma + 1);
    }
  }
  return std::nullopt;
}

std::string utc_timestamp(std::int64_t wall_ms) {
  return core::utc_text(wall_ms, "%Y-%m-%dT%H:%M:%SZ");
}

}  // namespace dq::cassette
