#include "bot/otlp/otlp_sender.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "bot/http/http_errors.hpp"
#include "bot/otlp/otlp_errors.hpp"

namespace dq::otlp {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

// Retry-After in whole seconds (the HTTP-date form is not used by OTLP receivers); nullopt when absent.
std::optional<milliseconds> retry_after(const http::Response& r) {
  const std::string v = r.header("retry-after");
  int seconds = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size() || seconds < 0) return std::nullopt;
  return milliseconds(std::int64_t{seconds} * 1000);
}

bool retryable_failure(const core::Error& e) {
  return e.is(http::errc::connect) || e.is(http::errc::timeout) || e.is(http::errc::io);
}

http::Request post(const std::string& url, std::string body, milliseconds timeout) {
  http::Request r;
  r.method = "POST";
  r.url = url;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = std::move(body);
  r.timeout = timeout;
  return r;
}

std::string last_outcome(const core::Result<http::Response>& r) {
  if (!r) return r.error().to_string();
  return "HTTP " + std::to_string(r->status);
}

}  // namespace

core::Result<std::string> traces_url(std::string_view endpoint) {
  if (!endpoint.starts_with("http://") && !endpoint.starts_with("https://"))
    return core::fail(errc::bad_endpoint, std::string(endpoint),
                      "--endpoint wants an OTLP/HTTP URL, such as http://localhost:4318");
  const std::string path = http::url_path(endpoint);
  if (path != "/") return std::string(endpoint);
  std::string url(endpoint);
  if (!url.ends_with('/')) url += '/';
  return url + "v1/traces";
}

bool retryable_status(int status) {
  return status == 429 || status == 502 || status == 503 || status == 504;
}

asio::awaitable<core::Result<SendReport>> send_batches(http::HttpClient& client, trace::Timers& timers,
                                                       asio::any_io_executor executor, std::string url,
                                                       std::vector<std::string> batches, SendPolicy policy) {
  SendReport report;
  auto timer = timers.make(executor);
  for (std::size_t b = 0; b < batches.size(); ++b) {
    milliseconds backoff = policy.first_backoff;
    for (int attempt = 1;; ++attempt) {
      if (policy.stopped && policy.stopped())
        co_return core::fail(errc::send_failed, url,
                             "stopped before batch " + std::to_string(b + 1) + " of " +
                                 std::to_string(batches.size()) + " was accepted");
      auto exchange = client.send(post(url, batches[b], policy.request_timeout));
      core::Result<http::Response> r = co_await std::move(exchange);
      ++report.requests;
      if (r && r->status >= 200 && r->status < 300) break;
      if (r && !retryable_status(r->status))
        co_return core::fail(errc::rejected, url,
                             "the receiver refused batch " + std::to_string(b + 1) + " of " +
                                 std::to_string(batches.size()) + " with HTTP " + std::to_string(r->status),
                             "; body: " + r->body.substr(0, 500));
      if (!r && !retryable_failure(r.error())) co_return std::unexpected(r.error());
      if (attempt >= policy.max_attempts)
        co_return core::fail(errc::send_failed, url,
                             "gave up on batch " + std::to_string(b + 1) + " of " +
                                 std::to_string(batches.size()) + " after " + std::to_string(attempt) +
                                 " attempts; last: " + last_outcome(r));
      milliseconds wait = backoff;
      if (r)
        if (auto asked = retry_after(*r)) wait = *asked;
      auto pause = timer->wait_for(std::min(wait, policy.max_backoff));
      co_await std::move(pause);
      backoff = std::min(backoff * 2, policy.max_backoff);
    }
    ++report.batches;
  }
  co_return report;
}

}  // namespace dq::otlp
