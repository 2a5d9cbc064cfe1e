#include "tests/support/fake_llm_responses.hpp"

#include <atomic>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

namespace dq::testing {
namespace {

using nlohmann::json;

bool is_anthropic(const ReceivedRequest& r) { return r.path == "/v1/messages"; }
bool is_openai(const ReceivedRequest& r) {
  return r.path == "/v1/chat/completions" || r.path == "/api/v1/chat/completions";
}

int next_id() {
  static std::atomic<int> id{0};
  return ++id;
}

RawResponse error(const ReceivedRequest& r, int status, const std::string& type, const std::string& message) {
  RawResponse out;
  out.status = status;
  out.headers.push_back({"content-type", "application/json"});
  if (is_openai(r)) {
    out.body = json{{"error", {{"code", status}, {"message", message}}}}.dump();
  } else {
    const std::string id = "req_fake" + std::to_string(next_id());
    out.headers.push_back({"request-id", id});
    out.body = json{{"type", "error"}, {"error", {{"type", type}, {"message", message}}}, {"request_id", id}}.dump();
  }
  return out;
}

std::int64_t tokens(const std::string& text) { return static_cast<std::int64_t>((text.size() + 3) / 4); }

std::set<std::string> words_of(const std::string& text) {
  std::set<std::string> words;
  std::string w;
  for (char c : text + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      if (w.size() >= 4) words.insert(w);
      w.clear();
    }
  }
  return words;
}

// A counterpart that answers the question: it quotes, verbatim, the fact of the system prompt ("- " lines)
// sharing the most words with the trainee's last message, so it only ever states terms it was given.
std::string generated_reply(const std::string& system, const std::string& last_user, bool coach) {
  if (coach)
    return R"({"score": 6, "strengths": ["You asked for the facts before you offered"], "improvements": ["Anchor )"
           R"(earlier and trade each concession for something"], "advice": "Open with an ambitious anchor and make )"
           R"(every concession smaller than the last."})";
  std::vector<std::string> facts;
  for (std::size_t pos = 0; pos < system.size();) {
    std::size_t eol = system.find('\n', pos);
    if (eol == std::string::npos) eol = system.size();
    if (system.compare(pos, 2, "- ") == 0) facts.push_back(system.substr(pos + 2, eol - pos - 2));
    pos = eol + 1;
  }
  if (facts.empty()) return "Let me think about that. What would you propose?";
  const auto asked = words_of(last_user);
  std::size_t best = 0, best_common = 0;
  for (std::size_t i = 0; i < facts.size(); ++i) {
    std::size_t common = 0;
    for (const auto& w : words_of(facts[i])) common += asked.count(w);
    if (common > best_common) best_common = common, best = i;
  }
  return "Let me be straight with you: " + facts[best] + ". Where does that leave you?";
}

}  // namespace

RawResponse fault_response(Fault fault, const ReceivedRequest& r, int retry_after_seconds) {
  switch (fault) {
    case Fault::rate_limit_429: {
      auto out = error(r, 429, "rate_limit_error", "Number of request tokens has exceeded your rate limit.");
      out.headers.push_back({"retry-after", std::to_string(retry_after_seconds)});
      return out;
    }
    case Fault::overloaded_529:
      return error(r, 529, "overloaded_error", "Overloaded");
    case Fault::server_500:
      return error(r, 500, "api_error", "Internal server error");
    case Fault::malformed_json:
      return {200, {{"content-type", "application/json"}}, "{\"id\": \"msg_x\", \"content\": [{\"type\": \"text\", \"te"};
    case Fault::wrong_content_type:
      return {200, {{"content-type", "text/html"}}, "<html><body><h1>502 Bad Gateway</h1></body></html>"};
    case Fault::missing_fields:
      return {200, {{"content-type", "application/json"}}, R"({"id": "msg_x", "type": "message", "role": "assistant"})"};
    case Fault::timeout:
    case Fault::truncated_body:
      break;
  }
  return error(r, 500, "api_error", "fault");
}

RawResponse answer(const ReceivedRequest& r, const std::vector<ScriptedReply>& replies) {
  if (!is_anthropic(r) && !is_openai(r)) return error(r, 404, "not_found_error", "Not found: " + r.path);
  auto header = [&](const char* name) {
    auto it = r.headers.find(name);
    return it == r.headers.end() ? std::string() : it->second;
  };
  const std::string auth = header("authorization");
  const bool has_bearer = auth.rfind("Bearer ", 0) == 0 && auth.size() > 7;
  if (is_anthropic(r) && header("x-api-key").empty() && !has_bearer)
    return error(r, 401, "authentication_error", "invalid x-api-key");
  if (is_openai(r) && !has_bearer) return error(r, 401, "authentication_error", "No auth credentials found");
  json body = json::parse(r.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return error(r, 400, "invalid_request_error", "body is not JSON");
  if (!body.contains("model") || !body.contains("messages") || !body["messages"].is_array() || body["messages"].empty())
    return error(r, 400, "invalid_request_error", "model and messages are required");
  if (is_anthropic(r)) {
    if (header("anthropic-version").empty())
      return error(r, 400, "invalid_request_error", "anthropic-version header is required");
    if (!body.contains("max_tokens")) return error(r, 400, "invalid_request_error", "max_tokens: Field required");
    if (header("anthropic-version") == "2026-10-21" && body.contains("temperature"))
      return error(r, 400, "invalid_request_error", "temperature: Extra inputs are not permitted");
  }

  std::string system = body.value("system", "");
  std::string last_user, input_text = system;
  for (const auto& m : body["messages"]) {
    const std::string content = m.value("content", "");
    input_text += content;
    if (m.value("role", "") == "system") system = content;
    if (m.value("role", "") == "user") last_user = content;
  }
  const bool coach = system.find("negotiation coach") != std::string::npos;
  std::string text;
  for (const auto& s : replies) {
    if (!s.agent.empty() && (s.agent == "coach") != coach) continue;
    if (!s.match.empty() && last_user.find(s.match) == std::string::npos) continue;
    text = s.text;
    break;
  }
  if (text.empty()) text = generated_reply(system, last_user, coach);
  const std::string model = body.value("model", "");
  const std::int64_t in = tokens(input_text), out_tokens = tokens(text);
  const std::int64_t max_tokens = body.value("max_tokens", 4096);

  RawResponse out;
  out.headers.push_back({"content-type", "application/json"});
  const int id = next_id();
  if (is_anthropic(r)) {
    out.headers.push_back({"request-id", "req_fake" + std::to_string(id)});
    out.body = json{{"id", "msg_fake" + std::to_string(id)},
                    {"type", "message"},
                    {"role", "assistant"},
                    {"model", model},
                    {"content", json::array({{{"type", "text"}, {"text", text}}})},
                    {"stop_reason", out_tokens > max_tokens ? "max_tokens" : "end_turn"},
                    {"stop_sequence", nullptr},
                    {"usage",
                     {{"input_tokens", in},
                      {"output_tokens", out_tokens},
                      {"cache_creation_input_tokens", 0},
                      {"cache_read_input_tokens", 0}}}}
                   .dump();
  } else {
    out.body = json{{"id", "gen-fake" + std::to_string(id)},
                    {"object", "chat.completion"},
                    {"created", 1790000000},
                    {"model", model},
                    {"provider", "Anthropic"},
                    {"choices", json::array({{{"index", 0},
                                              {"message", {{"role", "assistant"}, {"content", text}}},
                                              {"finish_reason", "stop"}}})},
                    {"usage",
                     {{"prompt_tokens", in},
                      {"completion_tokens", out_tokens},
                      {"total_tokens", in + out_tokens},
                      {"cost", (static_cast<double>(in) * 3 + static_cast<double>(out_tokens) * 15) / 1e6}}}}
                   .dump();
  }
  return out;
}

}  // namespace dq::testing
