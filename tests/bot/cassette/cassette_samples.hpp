#pragma once
// Small cassettes and requests shared by the cassette tests.

#include <nlohmann/json.hpp>
#include <string>

#include "bot/cassette/cassette.hpp"
#include "bot/http/http_types.hpp"

namespace dq::cassette::test {

inline Interaction anthropic_interaction(nlohmann::json request_body, std::string reply, int order = 0) {
  Interaction in;
  in.provider = "anthropic";
  in.method = "POST";
  in.path = "/v1/messages";
  in.order = order;
  in.request_headers = {{"anthropic-version", "2023-06-01"}, {"content-type", "application/json"}};
  in.request_body = std::move(request_body);
  in.status = 200;
  in.response_headers = {{"content-type", "application/json"}, {"request-id", "req_1"}};
  in.response_body = {{"content", {{{"type", "text"}, {"text", std::move(reply)}}}},
                      {"usage", {{"input_tokens", 12}, {"output_tokens", 3}}}};
  in.input_tokens = 12;
  in.output_tokens = 3;
  in.latency_ms = 812;
  in.recorded_at = "2026-11-22T12:00:00Z";
  return in;
}

inline Cassette sample_cassette() {
  Cassette c;
  c.scenario = "salary-raise";
  c.interactions.push_back(anthropic_interaction(
      nlohmann::json::parse(
          R"({"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]})"),
      "hello"));
  return c;
}

inline http::Request anthropic_request(const std::string& body,
                                       const std::string& base = "https://api.anthropic.com") {
  http::Request r;
  r.method = "POST";
  r.url = base + "/v1/messages";
  r.headers = {{"x-api-key", "sk-ant-api03-SECRETSECRETSECRET"},
               {"anthropic-version", "2023-06-01"},
               {"content-type", "application/json"}};
  r.body = body;
  return r;
}

}  // namespace dq::cassette::test
