#include "bot/cassette/replaying_http_client.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

#include "bot/cassette/http_exchange.hpp"

namespace dq::cassette {

ReplayingHttpClient::ReplayingHttpClient(Cassette cassette, MatchOptions options, Redactor redactor,
                                         ReplaySpeed speed)
    : cassette_(std::move(cassette)),
      matcher_(cassette_, std::move(options)),
      redactor_(std::move(redactor)),
      speed_(speed) {}

boost::asio::awaitable<core::Result<http::Response>> ReplayingHttpClient::send(http::Request request) {
  const MatchKey key = match_key_of(request, redactor_);
  auto hit = matcher_.next(key);
  if (!hit) co_return std::unexpected(std::move(hit.error()));
  const Interaction& recorded = **hit;
  http::Response response = response_of(recorded);
  if (speed_ == ReplaySpeed::recorded && recorded.latency_ms > 0) {
    // GCC 12: no class-type temporaries inside a co_await expression (ARCHITECTURE.md).
    auto ex = co_await boost::asio::this_coro::executor;
    boost::asio::steady_timer timer(ex, std::chrono::milliseconds(recorded.latency_ms));
    auto wait = timer.async_wait(boost::asio::use_awaitable);
    co_await std::move(wait);
  }
  co_return response;
}

}  // namespace dq::cassette
