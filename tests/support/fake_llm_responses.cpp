#include "tests/support/fake_llm_responses.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

#include "tests/support/fake_llm_replies.hpp"

namespace dq::testing {
namespace {

using nlohmann::json;

constexpr std::pair<Fault, std::string_view> kFaultNames[] = {
    {Fault::rate_limit_429, "rate_limit_429"},
    {Fault::overloaded_529, "overloaded_529"},
    {Fault::server_500, "server_500"},
    {Fault::timeout, "timeout"},
    {Fault::truncated_body, "truncated_body"},
    {Fault::malformed_json, "malformed_json"},
    {Fault::wrong_content_type, "wrong_content_type"},
    {Fault::missing_fields, "missing_fields"},
    {Fault::stall_mid_body, "stall_mid_body"},
    {Fault::reset_mid_body, "reset_mid_body"},
    {Fault::huge_body, "huge_body"},
    {Fault::echo_400, "echo_400"},
    {Fault::echo_502, "echo_502"},
    {Fault::echo_200, "echo_200"}};

constexpr std::int64_t kCreatedEpoch = 1790000000;  // fixed, so bodies are reproducible

std::string fake_id(const char* prefix, std::uint64_t sequence) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%06llu", static_cast<unsigned long long>(sequence));
  return prefix + std::string(digits);
}

std::string path_only(std::string_view target) {
  return std::string(target.substr(0, target.find('?')));
}

bool is_anthropic_route(const ReceivedRequest& r) {
  return r.method == "POST" && path_only(r.path) == "/v1/messages";
}
bool is_openai_route(const ReceivedRequest& r) {
  const std::string p = path_only(r.path);
  return r.method == "POST" && (p == "/api/v1/chat/completions" || p == "/v1/chat/completions");
}

std::string header(const ReceivedRequest& r, const char* name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? std::string() : it->second;
}

bool has_bearer(const ReceivedRequest& r) {
  const std::string auth = header(r, "authorization");
  return auth.size() > 7 && auth.starts_with("Bearer ");
}

// A message's text: a string, or the `text` of its text blocks (Anthropic blocks, OpenAI content parts).
std::optional<std::string> text_of(const json& content) {
  if (content.is_string()) return content.get<std::string>();
  if (!content.is_array()) return std::nullopt;
  std::string out;
  for (const auto& block : content) {
    if (!block.is_object()) return std::nullopt;
    if (auto t = block.find("text"); t != block.end() && t->is_string())
      out += (out.empty() ? "" : "\n") + t->get<std::string>();
  }
  return out;
}

using Checked = std::expected<Conversation, HttpResponse>;

Checked refuse(Protocol p, int status, const char* type, const std::string& message, std::uint64_t seq) {
  return std::unexpected(error_response(p, status, type, message, seq));
}

// Messages API rules (protocols.md §3.1, §3.2) in the order the real API applies them: key, version, body.
Checked check_anthropic(const ReceivedRequest& r, const json& body, std::uint64_t seq) {
  constexpr auto P = Protocol::anthropic;
  if (header(r, "x-api-key").empty() && !has_bearer(r))
    return refuse(P, 401, "authentication_error", "x-api-key header is required", seq);
  const std::string version = header(r, "anthropic-version");
  if (version.empty())
    return refuse(P, 400, "invalid_request_error", "anthropic-version: header is required", seq);
  if (version != "2023-06-01" && version != "2026-10-21")
    return refuse(P, 400, "invalid_request_error", "anthropic-version: unknown version '" + version + "'",
                  seq);
  if (!body.is_object())
    return refuse(P, 400, "invalid_request_error", "There was an error parsing the body of your request",
                  seq);
  if (!body.contains("model") || !body["model"].is_string())
    return refuse(P, 400, "invalid_request_error", "model: Field required", seq);
  if (!body.contains("max_tokens") || !body["max_tokens"].is_number_integer() ||
      body["max_tokens"].get<std::int64_t>() < 0)
    return refuse(P, 400, "invalid_request_error", "max_tokens: Field required (a non-negative integer)",
                  seq);
  if (!body.contains("messages") || !body["messages"].is_array() || body["messages"].empty())
    return refuse(P, 400, "invalid_request_error", "messages: at least one message is required", seq);
  if (version == "2026-10-21")
    for (const char* removed : {"temperature", "top_p", "top_k"})
      if (body.contains(removed))
        return refuse(P, 400, "invalid_request_error",
                      std::string(removed) + ": Extra inputs are not permitted", seq);
  Conversation c;
  if (body.contains("system")) {
    auto system = text_of(body["system"]);
    if (!system)
      return refuse(P, 400, "invalid_request_error", "system: Input should be a string or text blocks", seq);
    c.system = c.all_text = *system;
  }
  for (std::size_t i = 0; i < body["messages"].size(); ++i) {
    const json& m = body["messages"][i];
    const std::string at = "messages." + std::to_string(i);
    const std::string role = m.is_object() ? m.value("role", "") : "";
    if (role != "user" && role != "assistant")
      return refuse(P, 400, "invalid_request_error", at + ".role: Input should be 'user' or 'assistant'",
                    seq);
    auto text = m.contains("content") ? text_of(m["content"]) : std::nullopt;
    if (!text) return refuse(P, 400, "invalid_request_error", at + ".content: Field required", seq);
    c.all_text += *text;
    if (role == "user") c.last_user = *text;
    if (role == "assistant") ++c.assistant_turns;
  }
  return c;
}

Checked check_openai(const ReceivedRequest& r, const json& body, std::uint64_t seq) {
  constexpr auto P = Protocol::openai;
  if (!has_bearer(r)) return refuse(P, 401, "", "No auth credentials found", seq);
  if (!body.is_object()) return refuse(P, 400, "", "Invalid JSON in request body", seq);
  if (!body.contains("model") || !body["model"].is_string())
    return refuse(P, 400, "", "No models provided", seq);
  if (!body.contains("messages") || !body["messages"].is_array() || body["messages"].empty())
    return refuse(P, 400, "", "Input required: specify \"prompt\" or \"messages\"", seq);
  Conversation c;
  for (const auto& m : body["messages"]) {
    const std::string role = m.is_object() ? m.value("role", "") : "";
    auto text = m.is_object() && m.contains("content") ? text_of(m["content"]) : std::nullopt;
    if (role.empty() || !text) return refuse(P, 400, "", "Each message needs a role and content", seq);
    c.all_text += *text;
    if (role == "system" || role == "developer") c.system += (c.system.empty() ? "" : "\n") + *text;
    if (role == "user") c.last_user = *text;
    if (role == "assistant") ++c.assistant_turns;
  }
  return c;
}

// Cuts `text` to about `max_tokens` tokens on a UTF-8 boundary; true when it had to.
bool cut_to(std::string& text, std::int64_t max_tokens) {
  if (estimate_tokens(text) <= max_tokens) return false;
  std::size_t keep = static_cast<std::size_t>(max_tokens) * 4;
  while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
  text.resize(keep);
  return true;
}

HttpResponse json_response(json body) {
  return {200, {{"content-type", "application/json"}}, body.dump()};
}

HttpResponse anthropic_success(const json& body, const Conversation& c, std::string text, std::uint64_t seq) {
  const bool cut = cut_to(text, body["max_tokens"].get<std::int64_t>());
  auto out = json_response({{"id", fake_id("msg_fake", seq)},
                            {"type", "message"},
                            {"role", "assistant"},
                            {"model", body["model"]},
                            {"content", json::array({{{"type", "text"}, {"text", text}}})},
                            {"stop_reason", cut ? "max_tokens" : "end_turn"},
                            {"stop_sequence", nullptr},
                            {"usage",
                             {{"input_tokens", estimate_tokens(c.all_text)},
                              {"output_tokens", estimate_tokens(text)},
                              {"cache_creation_input_tokens", 0},
                              {"cache_read_input_tokens", 0}}}});
  out.headers.push_back({"request-id", fake_id("req_fake", seq)});
  out.headers.push_back({"anthropic-organization-id", "fake-org"});
  return out;
}

HttpResponse openai_success(const json& body, const Conversation& c, std::string text, std::uint64_t seq) {
  std::int64_t max_tokens = -1;
  for (const char* key : {"max_tokens", "max_completion_tokens"})
    if (auto it = body.find(key); it != body.end() && it->is_number_integer())
      max_tokens = it->get<std::int64_t>();
  const bool cut = max_tokens >= 0 && cut_to(text, max_tokens);
  const std::string model = body["model"].get<std::string>();
  const std::int64_t in = estimate_tokens(c.all_text), out_tokens = estimate_tokens(text);
  return json_response({{"id", fake_id("gen-fake", seq)},
                        {"object", "chat.completion"},
                        {"created", kCreatedEpoch + static_cast<std::int64_t>(seq)},
                        {"model", model},
                        {"provider", "Anthropic"},
                        {"choices", json::array({{{"index", 0},
                                                  {"message", {{"role", "assistant"}, {"content", text}}},
                                                  {"finish_reason", cut ? "length" : "stop"}}})},
                        {"usage",
                         {{"prompt_tokens", in},
                          {"completion_tokens", out_tokens},
                          {"total_tokens", in + out_tokens},
                          {"cost", cost_usd(model, in, out_tokens)}}}});
}

// The request's last user message, for the faults that quote it back.
std::string last_user_text(const ReceivedRequest& r) {
  const json body = json::parse(r.body, nullptr, false);
  std::string out;
  if (!body.is_object() || !body.contains("messages") || !body["messages"].is_array()) return out;
  for (const auto& m : body["messages"])
    if (m.is_object() && m.contains("role") && m["role"] == "user" && m.contains("content"))
      out = text_of(m["content"]).value_or(out);
  return out;
}

std::string model_of(const ReceivedRequest& r) {
  const json body = json::parse(r.body, nullptr, false);
  return body.is_object() && body.contains("model") && body["model"].is_string()
             ? body["model"].get<std::string>()
             : "unknown";
}

}  // namespace

std::string_view fault_name(Fault fault) {
  for (const auto& [f, name] : kFaultNames)
    if (f == fault) return name;
  return "unknown";
}

std::optional<Fault> parse_fault(std::string_view name) {
  for (const auto& [f, n] : kFaultNames)
    if (n == name) return f;
  return std::nullopt;
}

Protocol protocol_of(std::string_view path) {
  const std::string p = path_only(path);
  return p.starts_with("/api/") || p == "/v1/chat/completions" ? Protocol::openai : Protocol::anthropic;
}

HttpResponse error_response(Protocol protocol, int status, std::string_view type, std::string_view message,
                            std::uint64_t sequence) {
  HttpResponse out{status, {{"content-type", "application/json"}}, {}};
  if (protocol == Protocol::openai) {
    out.body = json{{"error", {{"code", status}, {"message", message}}}}.dump();
    return out;
  }
  const std::string id = fake_id("req_fake", sequence);
  out.headers.push_back({"request-id", id});
  out.body =
      json{{"type", "error"}, {"error", {{"type", type}, {"message", message}}}, {"request_id", id}}.dump();
  return out;
}

HttpResponse answer(const ReceivedRequest& r, const std::vector<ScriptedReply>& replies, std::uint64_t seq) {
  const bool anthropic = is_anthropic_route(r);
  if (!anthropic && !is_openai_route(r))
    return error_response(protocol_of(r.path), 404, "not_found_error",
                          "Not found: " + r.method + " " + r.path, seq);
  const json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);  // discarded: not an object
  Checked checked = anthropic ? check_anthropic(r, body, seq) : check_openai(r, body, seq);
  if (!checked) return std::move(checked.error());
  std::string text = reply_text(*checked, replies);
  return anthropic ? anthropic_success(body, *checked, std::move(text), seq)
                   : openai_success(body, *checked, std::move(text), seq);
}

HttpResponse fault_response(Fault fault, const ReceivedRequest& r, const std::vector<ScriptedReply>& replies,
                            int retry_after_seconds, std::uint64_t seq) {
  const Protocol p = protocol_of(r.path);
  const bool anthropic = p == Protocol::anthropic;
  switch (fault) {
    case Fault::rate_limit_429: {
      auto out = error_response(
          p, 429, "rate_limit_error",
          "This request would exceed the rate limit for your organization. Please retry later.", seq);
      out.headers.push_back({"retry-after", std::to_string(retry_after_seconds)});
      return out;
    }
    case Fault::overloaded_529:
      return error_response(p, 529, "overloaded_error", "Overloaded", seq);
    case Fault::server_500:
      return error_response(p, 500, "api_error", "Internal server error", seq);
    case Fault::malformed_json:
      return {200,
              {{"content-type", "application/json"}},
              anthropic ? R"({"id": "msg_fake", "type": "message", "content": [{"type": "text", "te)"
                        : R"({"id": "gen-fake", "choices": [{"message": {"role": "assist)"};
    case Fault::wrong_content_type:
      return {200,
              {{"content-type", "text/html"}},
              "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
              "<body><h1>502 Bad Gateway</h1><p>cloudflare</p></body></html>\n"};
    case Fault::missing_fields:
      if (anthropic)
        return json_response({{"id", fake_id("msg_fake", seq)},
                              {"type", "message"},
                              {"role", "assistant"},
                              {"model", model_of(r)}});
      return json_response({{"id", fake_id("gen-fake", seq)},
                            {"object", "chat.completion"},
                            {"created", kCreatedEpoch + static_cast<std::int64_t>(seq)},
                            {"model", model_of(r)}});
    case Fault::huge_body: {
      HttpResponse huge = answer(r, replies, seq);
      auto doc = json::parse(huge.body);
      std::string filler(std::size_t{9} << 20, 'x');
      doc["padding"] = std::move(filler);
      huge.body = doc.dump();
      return huge;
    }
    case Fault::echo_400:
      return error_response(p, 400, "invalid_request_error",
                            "messages: content '" + last_user_text(r) + "' was rejected", seq);
    case Fault::echo_502:
      return {502,
              {{"content-type", "text/html"}},
              "<html><body><h1>502 Bad Gateway</h1><pre>" + last_user_text(r) + "</pre></body></html>\n"};
    case Fault::echo_200:
      return json_response({{"id", fake_id(anthropic ? "msg_fake" : "gen-fake", seq)},
                            {"model", model_of(r)},
                            {"echo", last_user_text(r)}});
    case Fault::timeout:
    case Fault::truncated_body:
    case Fault::stall_mid_body:
    case Fault::reset_mid_body:
      break;
  }
  return answer(r, replies, seq);
}

}  // namespace dq::testing
