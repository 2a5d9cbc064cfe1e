#include "bot/llm/provider_llm_client.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cmath>
#include <random>

#include "bot/http/http_errors.hpp"
#include "bot/llm/llm_errors.hpp"
#include "bot/llm/provider_codec.hpp"
#include "bot/trace/log.hpp"

namespace dq::llm {
namespace {

double jitter_draw() {
  thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

// Transport failures become llm.* errors; anything else from the HTTP layer (a cassette miss, say) passes
// through unchanged and is not retried.
core::Error from_transport(const ProviderConfig& p, const core::Error& e) {
  std::string code;
  if (e.code == http::errc::timeout)
    code = errc::timeout;
  else if (e.code == http::errc::connect)
    code = errc::connect;
  else if (e.code == http::errc::io)
    code = errc::io;
  else
    return e;
  return {code, p.provider + " " + std::string(provider_path(p.provider)), p.provider + ": " + e.message,
          e.detail};
}

// Whether a failed attempt may have been processed, and so billed: the request may have reached the model
// unless the connection was never made or the provider answered that it did not run it (4xx, 529).
bool maybe_billed(const core::Result<http::Response>& sent) {
  if (!sent) {
    const std::string& code = sent.error().code;
    return code == http::errc::timeout || code == http::errc::io || code == http::errc::cancelled ||
           code == http::errc::too_large;
  }
  return (sent->status >= 200 && sent->status < 300) || (sent->status >= 500 && sent->status != 529);
}

boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  auto ex = co_await boost::asio::this_coro::executor;
  boost::asio::steady_timer timer(ex, d);
  co_await timer.async_wait(boost::asio::use_awaitable);
}

}  // namespace

bool is_retryable(const core::Error& e) {
  return e.code == errc::rate_limited || e.code == errc::overloaded || e.code == errc::server_error ||
         e.code == errc::timeout || e.code == errc::io || e.code == errc::request_timeout;
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, double draw) {
  const double raw = static_cast<double>(policy.base.count()) * std::pow(2.0, std::max(0, attempt - 1));
  const double capped = std::min(raw, static_cast<double>(policy.cap.count()));
  return std::chrono::milliseconds(static_cast<std::int64_t>(capped * (1.0 - policy.jitter * draw)));
}

boost::asio::awaitable<core::Result<Response>> ProviderLlmClient::complete(const Request& request) {
  const http::Request wire = encode_request(config_, request);
  core::Error last;
  for (int attempt = 1; attempt <= policy_.max_attempts; ++attempt) {
    AttemptTicket ticket;
    if (gate_) {
      auto opened = gate_->open(request);
      if (!opened) co_return std::unexpected(opened.error());
      ticket = *opened;
    }
    ++attempts_;
    auto op = http_.send(wire);
    auto sent = co_await std::move(op);
    std::chrono::milliseconds wait = backoff_delay(policy_, attempt, jitter_draw());
    if (!sent) {
      last = from_transport(config_, sent.error());
      if (gate_) gate_->close(ticket, request, nullptr, maybe_billed(sent));
    } else {
      auto decoded = decode_response(config_, *sent);
      if (gate_) gate_->close(ticket, request, decoded ? &*decoded : nullptr, maybe_billed(sent));
      if (decoded) co_return decoded;
      last = decoded.error();
      if (sent->status == 429) {
        if (auto after = retry_after_seconds(*sent)) {
          const auto asked = std::chrono::milliseconds(static_cast<std::int64_t>(*after * 1000));
          if (asked > policy_.max_retry_after) {
            last.message +=
                " (retry-after " + std::to_string(static_cast<long>(*after)) + " s is longer than we wait)";
            co_return std::unexpected(last);
          }
          wait = asked;
        }
      }
    }
    if (!is_retryable(last) || attempt == policy_.max_attempts) break;
    // Inside the LLM step's span: the line carries trace, span, user, chat, scenario and step by itself.
    log::warn("llm.retry", {{"provider", config_.provider},
                            {"attempt", std::to_string(attempt)},
                            {"wait_ms", std::to_string(wait.count())},
                            {"error", last.code}});
    auto pause = sleep_for(wait);
    co_await std::move(pause);
  }
  if (is_retryable(last))
    last.message += " (gave up after " + std::to_string(policy_.max_attempts) + " attempts)";
  co_return std::unexpected(last);
}

boost::asio::awaitable<core::Result<Response>> RoutingLlmClient::complete(const Request& request) {
  auto it = clients_.find(request.provider);
  if (it == clients_.end())
    co_return core::fail(errc::unknown_provider, "", "no client for provider '" + request.provider + "'");
  auto op = it->second->complete(request);
  co_return co_await std::move(op);
}

}  // namespace dq::llm
