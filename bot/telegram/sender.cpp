#include "bot/telegram/sender.hpp"

#include <algorithm>
#include <boost/asio/this_coro.hpp>

#include "bot/http/http_errors.hpp"
#include "bot/telegram/telegram_errors.hpp"

namespace dq::telegram {
namespace {

namespace asio = boost::asio;

std::string method_of(const http::Request& r) {
  auto slash = r.url.rfind('/');
  return slash == std::string::npos ? r.url : r.url.substr(slash + 1);  // never the token: it is before
}

}  // namespace

asio::awaitable<void> Sender::wait_until(RateLimiter::TimePoint at) {
  const auto left = at - now();
  if (left <= RateLimiter::TimePoint::duration::zero()) co_return;
  auto ex = co_await asio::this_coro::executor;
  auto timer = timers_.make(ex);
  auto wait = timer->wait_for(left);
  co_await std::move(wait);
}

asio::awaitable<core::Result<http::Response>> Sender::call(std::optional<std::int64_t> chat,
                                                           http::Request request, int attempts) {
  const int max_attempts = attempts > 0 ? attempts : options_.max_attempts;
  ++stats_.calls;
  const std::string method = method_of(request);
  std::string last;
  for (int attempt = 1; attempt <= max_attempts; ++attempt) {
    if (chat) {
      auto slot = wait_until(limiter_.reserve(*chat, now()));
      co_await std::move(slot);
    }
    auto op = http_.send(request);
    auto sent = co_await std::move(op);
    std::chrono::milliseconds backoff =
        std::min(options_.backoff_cap, options_.backoff_base * (1 << std::min(attempt - 1, 16)));
    if (!sent) {
      // A refused connection never reached Telegram: safe to retry. A timeout may have: do not repeat a send.
      last = without_token(sent.error(), bot_).message;
      if (!sent.error().is(http::errc::connect) || attempt == max_attempts) break;  // no wait to give up
      auto pause = wait_until(now() + backoff);
      co_await std::move(pause);
      continue;
    }
    if (sent->status == 429) {
      ++stats_.rate_limited;
      const int seconds = retry_after(*sent).value_or(1);
      last = "429 retry after " + std::to_string(seconds) + " s";
      if (std::chrono::seconds(seconds) > options_.max_retry_after) break;
      const auto until = now() + std::chrono::seconds(std::max(seconds, 0));
      if (chat) {
        limiter_.pause_chat(*chat, until);  // also holds the chat's later messages
      } else if (attempt < max_attempts) {
        auto pause = wait_until(until);
        co_await std::move(pause);
      }
      continue;
    }
    if (sent->status >= 500) {
      ++stats_.server_errors;
      last = "HTTP " + std::to_string(sent->status);
      if (attempt == max_attempts) break;
      auto pause = wait_until(now() + backoff);
      co_await std::move(pause);
      continue;
    }
    co_return std::move(*sent);
  }
  ++stats_.failures;
  co_return core::fail(
      errc::gave_up, method,
      "Telegram " + method + " failed after retries (" + last + "); check TELEGRAM_API_URL and the network");
}

namespace {

// One call, then its envelope parsed: every method below is this with its request and its parser.
template <class Parse>
auto call_and_parse(Sender& sender, std::optional<std::int64_t> chat, http::Request request, Parse parse,
                    int attempts = 0)
    -> asio::awaitable<decltype(parse(std::declval<const http::Response&>()))> {
  auto op = sender.call(chat, std::move(request), attempts);
  auto r = co_await std::move(op);
  if (!r) co_return std::unexpected(r.error());
  co_return parse(*r);
}

core::Result<void> parse_edit(const http::Response& r) {
  auto ok = parse_ok(r);
  if (!ok && ok.error().is(errc::not_modified)) return {};
  return ok;
}

}  // namespace

asio::awaitable<core::Result<Message>> Sender::send_message(std::int64_t chat_id, std::string html,
                                                            std::optional<InlineKeyboard> keyboard) {
  return call_and_parse(*this, chat_id, telegram::send_message(bot_, chat_id, html, keyboard), parse_message);
}

asio::awaitable<core::Result<void>> Sender::edit_message_text(std::int64_t chat_id, std::int64_t message_id,
                                                              std::string html,
                                                              std::optional<InlineKeyboard> keyboard) {
  return call_and_parse(*this, chat_id,
                        telegram::edit_message_text(bot_, chat_id, message_id, html, keyboard), parse_edit);
}

asio::awaitable<core::Result<void>> Sender::answer_callback_query(std::string id, std::string text) {
  return call_and_parse(*this, std::nullopt, telegram::answer_callback_query(bot_, id, text), parse_ok);
}

asio::awaitable<core::Result<Message>> Sender::send_document(std::int64_t chat_id, std::string file_name,
                                                             std::string content, std::string caption_html) {
  return call_and_parse(*this, chat_id,
                        telegram::send_document(bot_, chat_id, file_name, content, caption_html),
                        parse_message);
}

asio::awaitable<core::Result<void>> Sender::send_chat_action(std::int64_t chat_id) {
  // Not counted against the chat's message slots (it sends nothing the user reads), and tried once.
  return call_and_parse(*this, std::nullopt, telegram::send_chat_action(bot_, chat_id), parse_ok, 1);
}

asio::awaitable<core::Result<void>> Sender::set_my_commands(std::vector<BotCommand> commands) {
  return call_and_parse(*this, std::nullopt, telegram::set_my_commands(bot_, commands), parse_ok, 2);
}

asio::awaitable<core::Result<User>> Sender::get_me() {
  return call_and_parse(*this, std::nullopt, telegram::get_me(bot_), parse_user);
}

}  // namespace dq::telegram
