#pragma once
// The long-polling loop: one getUpdates at a time (Telegram allows one poller per token), each batch handed
// to the handler with the updates of one chat in order and different chats concurrently. The next poll —
// which confirms the batch to Telegram — is sent only once every update of the batch was handled, and the
// offset is saved in the OffsetStore first, so a restart neither loses nor repeats an update. Every wait
// (backoff, the empty-poll pause, the drain bound) is on the injected trace::Timers.
//
// stop() (from the loop's thread, e.g. a signal handler) cancels the poll in flight, lets running handlers
// finish for at most `drain_bound`, then run() confirms what was handled and returns. Updates whose handler
// had not finished by then are not confirmed: Telegram sends them again after a restart.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "bot/core/error.hpp"
#include "bot/http/http_client.hpp"
#include "bot/telegram/bot_api.hpp"
#include "bot/telegram/offset_store.hpp"
#include "bot/trace/timer.hpp"

namespace dq::telegram {

struct PollerOptions {
  int timeout_seconds = 25;                       // getUpdates long-poll timeout
  std::chrono::milliseconds error_backoff{1000};  // first wait after a failed poll, doubled up to the cap
  std::chrono::milliseconds max_error_backoff{30'000};
  std::chrono::milliseconds drain_bound{10'000};  // after stop(): how long running handlers may finish
  // An empty answer that came back faster than this is followed by a pause, so a server that ignores the
  // long-poll timeout (some test servers do) is not polled in a tight loop.
  std::chrono::milliseconds min_empty_poll{250};
};

struct PollerStats {
  std::uint64_t polls = 0, updates = 0, failed_polls = 0, conflicts = 0, unfinished_at_stop = 0;
  std::uint64_t offset_not_saved = 0;  // saves the store refused (logged; the bot goes on)
};

// The chat an update belongs to (0 when it has none the bot can answer in).
std::int64_t chat_of(const Update& update);

class Poller {
 public:
  using Handler = std::function<boost::asio::awaitable<void>(Update)>;

  // `http` carries only the polls (stop() cancels everything in flight on it); `offsets` keeps the offset.
  Poller(boost::asio::any_io_executor executor, http::HttpClient& http, trace::Timers& timers,
         BotEndpoint bot, OffsetStore& offsets, Handler handler, PollerOptions options = {});
  ~Poller();

  // Polls until stop(). Errors: telegram.unauthorized (a bad token: retrying cannot help), store errors
  // while loading the saved offset at start (saving it later never stops the poll).
  boost::asio::awaitable<core::Result<void>> run();
  void stop();
  bool stopping() const { return stopping_; }
  std::int64_t offset() const { return offset_; }
  const PollerStats& stats() const { return stats_; }

 private:
  struct Batch;
  boost::asio::awaitable<void> handle_batch(std::vector<Update> updates);
  static boost::asio::awaitable<void> run_group(Handler* handler, std::vector<Update> group,
                                                std::shared_ptr<Batch> batch, std::size_t index);
  boost::asio::awaitable<void> pause(std::chrono::milliseconds d);
  void save_offset();  // a refusal is logged and counted, never fatal

  boost::asio::any_io_executor executor_;
  http::HttpClient& http_;
  trace::Timers& timers_;
  BotEndpoint bot_;
  OffsetStore& offsets_;
  Handler handler_;
  PollerOptions options_;
  std::unique_ptr<trace::Timer> pause_timer_;
  std::shared_ptr<Batch> batch_;  // the batch being handled, if any
  std::int64_t offset_ = 0;
  std::int64_t saved_offset_ = -1;
  bool stopping_ = false;
  PollerStats stats_;
};

}  // namespace dq::telegram
