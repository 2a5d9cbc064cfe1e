#include "bot/llm/provider_codec.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "bot/llm/llm_errors.hpp"

namespace dq::llm {
namespace {

using nlohmann::json;

std::int64_t count(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;  // null or absent = 0
}

// A string field, or "" when it is absent or not a string. nlohmann's value(key, "") throws type_error when
// the field has another type ("model": 1), which escaped decode_response (found by fuzz/*_response_fuzz.cpp).
std::string text_of(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string excerpt(std::string_view body) {
  std::string s(body.substr(0, 160));
  for (auto& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return body.size() > 160 ? s + "…" : s;
}

// The body goes in the error's detail: a provider's body may quote the request, and so the user's words.
core::Error bad(const ProviderConfig& p, const http::Response& r, const std::string& what) {
  std::string id = r.header("request-id");
  return {
      errc::bad_response, p.provider + " " + std::string(provider_path(p.provider)),
      p.provider + " HTTP " + std::to_string(r.status) + (id.empty() ? "" : " request " + id) + ": " + what,
      "; body: " + excerpt(r.body)};
}

core::Error status_error(const ProviderConfig& p, const http::Response& r, const json& doc) {
  std::string type, message, request_id = r.header("request-id");
  if (doc.is_object()) {
    if (auto e = doc.find("error"); e != doc.end() && e->is_object()) {
      if (auto t = e->find("type"); t != e->end() && t->is_string()) type = t->get<std::string>();
      if (auto c = e->find("code"); c != e->end() && type.empty()) type = c->dump();
      if (auto m = e->find("message"); m != e->end() && m->is_string()) message = m->get<std::string>();
    }
    if (auto id = doc.find("request_id"); request_id.empty() && id != doc.end() && id->is_string())
      request_id = id->get<std::string>();
  }
  const int s = r.status;
  const core::ErrorCode code = s == 429              ? errc::rate_limited
                               : s == 529            ? errc::overloaded
                               : s >= 500            ? errc::server_error
                               : s == 408            ? errc::request_timeout
                               : s >= 400 && s < 500 ? errc::client_error
                                                     : errc::bad_response;
  std::string text = p.provider + " HTTP " + std::to_string(s);
  if (!type.empty()) text += " " + type;
  if (!request_id.empty()) text += " (request " + request_id + ")";
  // The provider's message (or body) is detail: validation errors quote the request they refuse.
  return {code, p.provider + " " + std::string(provider_path(p.provider)), text,
          ": " + (message.empty() ? excerpt(r.body) : message)};
}

json encode_anthropic(const Request& r) {
  json body = {{"model", r.model}, {"max_tokens", r.max_tokens}};
  if (!r.system.empty()) body["system"] = r.system;
  json& messages = body["messages"] = json::array();
  for (const auto& m : r.messages) messages.push_back({{"role", m.role}, {"content", m.content}});
  if (r.temperature) body["temperature"] = *r.temperature;
  return body;
}

json encode_openai(const Request& r) {
  json body = {{"model", r.model}, {"max_tokens", r.max_tokens}};
  json& messages = body["messages"] = json::array();
  if (!r.system.empty()) messages.push_back({{"role", "system"}, {"content", r.system}});
  for (const auto& m : r.messages) messages.push_back({{"role", m.role}, {"content", m.content}});
  if (r.temperature) body["temperature"] = *r.temperature;
  return body;
}

core::Result<Response> decode_anthropic(const ProviderConfig& p, const http::Response& r, const json& doc) {
  auto content = doc.find("content");
  auto usage = doc.find("usage");
  if (content == doc.end() || !content->is_array()) return std::unexpected(bad(p, r, "no 'content' array"));
  if (usage == doc.end() || !usage->is_object()) return std::unexpected(bad(p, r, "no 'usage' object"));
  if (!usage->contains("input_tokens") || !usage->contains("output_tokens"))
    return std::unexpected(bad(p, r, "usage without input_tokens/output_tokens"));
  Response out;
  for (const auto& block : *content) {
    // Concatenate text blocks; other block types (thinking, tool_use, …) are not part of the reply.
    if (block.is_object() && text_of(block, "type") == "text" && block.contains("text") &&
        block["text"].is_string())
      out.text += block["text"].get<std::string>();
  }
  out.model = text_of(doc, "model");
  if (auto sr = doc.find("stop_reason"); sr != doc.end() && sr->is_string())
    out.stop_reason = sr->get<std::string>();
  out.usage.input_tokens = count(*usage, "input_tokens");
  out.usage.output_tokens = count(*usage, "output_tokens");
  out.usage.cache_write_tokens = count(*usage, "cache_creation_input_tokens");
  out.usage.cache_read_tokens = count(*usage, "cache_read_input_tokens");
  return out;
}

core::Result<Response> decode_openai(const ProviderConfig& p, const http::Response& r, const json& doc) {
  // OpenRouter reports failures after the model started as HTTP 200 with an error body.
  if (doc.contains("error")) {
    http::Response as_error = r;
    if (auto c = doc["error"].find("code"); c != doc["error"].end() && c->is_number_integer())
      as_error.status = c->get<int>();
    if (as_error.status < 400) as_error.status = 502;
    return std::unexpected(status_error(p, as_error, doc));
  }
  auto choices = doc.find("choices");
  if (choices == doc.end() || !choices->is_array() || choices->empty() || !(*choices)[0].is_object())
    return std::unexpected(bad(p, r, "no 'choices'"));
  const json& choice = (*choices)[0];
  auto message = choice.find("message");
  if (message == choice.end() || !message->is_object() || !message->contains("content") ||
      !(*message)["content"].is_string())
    return std::unexpected(bad(p, r, "choices[0].message.content is not a string"));
  auto usage = doc.find("usage");
  if (usage == doc.end() || !usage->is_object()) return std::unexpected(bad(p, r, "no 'usage' object"));
  Response out;
  out.text = (*message)["content"].get<std::string>();
  out.model = text_of(doc, "model");
  if (auto fr = choice.find("finish_reason"); fr != choice.end() && fr->is_string())
    out.stop_reason = fr->get<std::string>();
  out.usage.input_tokens = count(*usage, "prompt_tokens");
  out.usage.output_tokens = count(*usage, "completion_tokens");
  if (auto d = usage->find("prompt_tokens_details"); d != usage->end() && d->is_object()) {
    out.usage.cache_read_tokens = count(*d, "cached_tokens");
    out.usage.cache_write_tokens = count(*d, "cache_write_tokens");
  }
  if (auto c = usage->find("cost"); c != usage->end() && c->is_number()) out.cost_usd = c->get<double>();
  return out;
}

}  // namespace

http::Request encode_request(const ProviderConfig& p, const Request& request) {
  http::Request out;
  out.method = "POST";
  out.url = p.base_url + std::string(provider_path(p.provider));
  out.timeout = p.timeout;
  out.headers.push_back({"content-type", "application/json"});
  if (p.provider == "anthropic") {
    out.headers.push_back({"x-api-key", p.api_key});
    out.headers.push_back({"anthropic-version", p.anthropic_version});
    out.body = encode_anthropic(request).dump();
  } else {
    out.headers.push_back({"authorization", "Bearer " + p.api_key});
    out.body = encode_openai(request).dump();
  }
  return out;
}

core::Result<Response> decode_response(const ProviderConfig& p, const http::Response& r) {
  json doc = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (r.status < 200 || r.status >= 300) return std::unexpected(status_error(p, r, doc));
  if (doc.is_discarded() || !doc.is_object()) {
    const std::string type = r.header("content-type");
    return std::unexpected(
        bad(p, r, "body is not a JSON object (content-type " + (type.empty() ? "none" : type) + ")"));
  }
  auto decoded = p.provider == "anthropic" ? decode_anthropic(p, r, doc) : decode_openai(p, r, doc);
  if (decoded) decoded->provider = p.provider;
  if (decoded && decoded->text.empty())
    return core::fail(errc::empty_reply, p.provider + " " + std::string(provider_path(p.provider)),
                      p.provider + " answered with no text (stop reason '" + decoded->stop_reason + "')");
  return decoded;
}

std::optional<double> retry_after_seconds(const http::Response& response) {
  const std::string v = response.header("retry-after");
  if (v.empty()) return std::nullopt;
  double seconds = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
  if (ec != std::errc() || ptr != v.data() + v.size() || seconds < 0)
    return std::nullopt;  // an HTTP date: back off
  return seconds;
}

}  // namespace dq::llm
