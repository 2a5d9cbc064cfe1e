#include "cli/cassette/cassette_http.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <ctime>

namespace dq::cassette {
namespace {

using nlohmann::json;

// The request body as matched and stored: redacted, parsed (a string when it is not JSON).
json body_of(const std::string& text, const Redactor& redactor) {
  const std::string clean = redactor.redact(text);
  json j = json::parse(clean, nullptr, false);
  return j.is_discarded() ? json(clean) : j;
}

http::Response to_response(const Interaction& in) {
  http::Response r;
  r.status = in.status;
  for (const auto& [k, v] : in.response_headers) r.headers.push_back({k, v});
  r.body = in.response_body.is_string() ? in.response_body.get<std::string>() : in.response_body.dump();
  r.latency_us = in.latency_ms * 1000;
  return r;
}

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

// The endpoint part of a URL path: base URLs differ (https://openrouter.ai/api vs a local fake), the
// endpoint does not, so "/api/v1/chat/completions" is recorded and matched as "/v1/chat/completions".
std::string endpoint_path(std::string_view path) {
  if (auto v1 = path.find("/v1/"); v1 != std::string_view::npos) return std::string(path.substr(v1));
  return std::string(path);
}

std::string provider_of_path(std::string_view path) {
  if (path == "/v1/messages") return "anthropic";
  if (path.ends_with("/chat/completions")) return "openrouter";
  return {};
}

ReplayingHttpClient::ReplayingHttpClient(Cassette cassette, MatchOptions options, Redactor redactor, bool recorded_speed)
    : cassette_(std::move(cassette)), redactor_(std::move(redactor)), recorded_speed_(recorded_speed) {
  matcher_ = std::make_unique<Matcher>(cassette_, std::move(options));
}

boost::asio::awaitable<core::Result<http::Response>> ReplayingHttpClient::send(http::Request request) {
  const std::string path = endpoint_path(http::url_path(request.url));
  auto hit = matcher_->next(provider_of_path(path), request.method, path, body_of(request.body, redactor_));
  if (!hit) co_return std::unexpected(hit.error());
  http::Response r = to_response(**hit);
  if (recorded_speed_ && (*hit)->latency_ms > 0) {
    auto ex = co_await boost::asio::this_coro::executor;
    boost::asio::steady_timer timer(ex, std::chrono::milliseconds((*hit)->latency_ms));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
  co_return r;
}

RecordingHttpClient::RecordingHttpClient(http::HttpClient& inner, Cassette& into, const Cassette* existing,
                                         MatchOptions options, const Redactor& redactor)
    : inner_(inner), into_(into), options_(std::move(options)), redactor_(redactor) {
  if (existing) existing_.emplace(*existing, options_);
}

boost::asio::awaitable<core::Result<http::Response>> RecordingHttpClient::send(http::Request request) {
  const std::string path = endpoint_path(http::url_path(request.url));
  const std::string provider = provider_of_path(path);
  const json body = body_of(request.body, redactor_);
  const std::string key = provider + " " + path + " " + Matcher::canonical(body, options_.ignored_paths).dump();
  if (existing_) {
    if (auto hit = existing_->next(provider, request.method, path, body)) {
      Interaction kept = **hit;  // as recorded, renumbered for this cassette
      kept.order = recorded_keys_[key]++;
      into_.interactions.push_back(std::move(kept));
      co_return to_response(**hit);
    }
  }
  auto op = inner_.send(request);
  auto sent = co_await std::move(op);
  if (!sent || sent->status < 200 || sent->status >= 300) co_return sent;

  Interaction in;
  in.provider = provider;
  in.method = request.method;
  in.path = path;
  in.order = recorded_keys_[key]++;
  for (const auto& h : request.headers)
    if (Redactor::keep_request_header(h.name)) in.request_headers[h.name] = redactor_.redact(h.value);
  in.request_body = body;
  in.status = sent->status;
  for (const auto& h : sent->headers)
    if (Redactor::keep_response_header(h.name)) in.response_headers[h.name] = redactor_.redact(h.value);
  in.response_body = body_of(sent->body, redactor_);
  if (const auto& u = in.response_body; u.is_object() && u.contains("usage") && u["usage"].is_object()) {
    const auto& usage = u["usage"];
    in.input_tokens = usage.value("input_tokens", usage.value("prompt_tokens", 0));
    in.output_tokens = usage.value("output_tokens", usage.value("completion_tokens", 0));
  }
  in.latency_ms = sent->latency_us / 1000;
  in.recorded_at = now_utc();
  into_.interactions.push_back(std::move(in));
  co_return sent;
}

}  // namespace dq::cassette
