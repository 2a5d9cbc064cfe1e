#pragma once
// The one way the bot talks to the Bot API: every call goes through here, so Telegram's limits hold however
// many chats are busy. A call bound to a chat first takes a slot from the RateLimiter (waiting on a timer,
// never a thread); a 429 pauses that chat for `parameters.retry_after` seconds and retries; a 5xx or a
// refused connection is retried with capped exponential backoff; "message is not modified" is a success.
// Other errors come back as values (telegram.* codes, telegram_errors.hpp). Every wait is on the injected
// trace::Timers (its clock is "now" for the rate limiter too), so tests run it on fake time.
//
// @par Thread safety: one event loop thread, like CurlHttpClient.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "bot/core/error.hpp"
#include "bot/http/http_client.hpp"
#include "bot/telegram/bot_api.hpp"
#include "bot/telegram/rate_limiter.hpp"
#include "bot/trace/timer.hpp"

namespace dq::telegram {

struct SenderOptions {
  RateLimits limits;
  int max_attempts = 5;                         // per call, 429s included
  std::chrono::milliseconds backoff_base{500};  // 5xx: base * 2^(attempt-1), capped
  std::chrono::milliseconds backoff_cap{8000};
  std::chrono::seconds max_retry_after{300};  // a longer retry_after fails the call instead
};

struct SenderStats {
  std::uint64_t calls = 0, rate_limited = 0, server_errors = 0, failures = 0;
};

class Sender {
 public:
  Sender(http::HttpClient& http, trace::Timers& timers, BotEndpoint bot, SenderOptions options = {})
      : http_(http), timers_(timers), bot_(std::move(bot)), options_(options), limiter_(options.limits) {}

  const BotEndpoint& endpoint() const { return bot_; }
  const SenderStats& stats() const { return stats_; }

  boost::asio::awaitable<core::Result<Message>> send_message(std::int64_t chat_id, std::string html,
                                                             std::optional<InlineKeyboard> keyboard = {});
  // Not modified counts as done.
  boost::asio::awaitable<core::Result<void>> edit_message_text(std::int64_t chat_id, std::int64_t message_id,
                                                               std::string html,
                                                               std::optional<InlineKeyboard> keyboard = {});
  boost::asio::awaitable<core::Result<void>> answer_callback_query(std::string id, std::string text = {});
  boost::asio::awaitable<core::Result<Message>> send_document(std::int64_t chat_id, std::string file_name,
                                                              std::string content,
                                                              std::string caption_html = {});
  boost::asio::awaitable<core::Result<void>> send_chat_action(std::int64_t chat_id);
  boost::asio::awaitable<core::Result<void>> set_my_commands(std::vector<BotCommand> commands);
  boost::asio::awaitable<core::Result<User>> get_me();

  // The retrying core: `chat` rate-limits the call (nullopt: not bound to a chat). Returns the first
  // response that is neither a 429 nor a 5xx (callers parse it), or why it gave up.
  // `attempts` overrides max_attempts (1: no retry, for hints such as "typing…").
  boost::asio::awaitable<core::Result<http::Response>> call(std::optional<std::int64_t> chat,
                                                            http::Request request, int attempts = 0);

 private:
  RateLimiter::TimePoint now() const { return RateLimiter::TimePoint(timers_.now()); }
  boost::asio::awaitable<void> wait_until(RateLimiter::TimePoint at);

  http::HttpClient& http_;
  trace::Timers& timers_;
  BotEndpoint bot_;
  SenderOptions options_;
  RateLimiter limiter_;
  SenderStats stats_;
};

}  // namespace dq::telegram
