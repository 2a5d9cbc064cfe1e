// dealquest-bot on Telegram: one long-polling loop, one rate-limited sender, signals drain and stop.
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "bot/app/bot_runtime.hpp"
#include "bot/app/harness_tester.hpp"
#include "bot/app/state_offset_store.hpp"
#include "bot/app/telegram_messenger.hpp"
#include "bot/chat/admin_commands.hpp"
#include "bot/chat/chat_bot.hpp"
#include "bot/core/clock.hpp"
#include "bot/http/curl_http_client.hpp"
#include "bot/store/sqlite_chat_store.hpp"
#include "bot/store/sqlite_store.hpp"
#include "bot/telegram/poller.hpp"
#include "bot/telegram/sender.hpp"
#include "bot/telegram/telegram_errors.hpp"
#include "bot/trace/log.hpp"
#include "bot/trace/span_queue.hpp"
#include "bot/trace/spawn.hpp"
#include "bot/trace/timer.hpp"

namespace dq::app {
namespace asio = boost::asio;
namespace {

asio::awaitable<void> handle_update(chat::ChatBot* bot, telegram::Update update) {
  std::optional<chat::Incoming> in = chat::from_update(update);
  if (!in) co_return;
  auto op = bot->handle(std::move(*in));
  co_await std::move(op);
}

// The command list is a nicety: it must never hold up polling (some servers answer it with errors, and
// the Sender retries those), so it runs beside the poller.
asio::awaitable<void> set_commands(telegram::Sender* sender) {
  auto op = sender->set_my_commands({{"start", "Choose a negotiation scenario"},
                                     {"debrief", "End the negotiation and get your score"},
                                     {"cancel", "Drop the current negotiation"},
                                     {"help", "How this bot works"}});
  auto done = co_await std::move(op);
  if (!done) log::warn("bot.set_commands_failed", {{"error", log::redacted(done.error())}});
}

asio::awaitable<void> start_and_poll(telegram::Sender* sender, telegram::Poller* poller,
                                     core::Result<void>* result, asio::io_context* io) {
  auto me_op = sender->get_me();
  auto me = co_await std::move(me_op);
  if (!me) {
    *result = std::unexpected(me.error());
    io->stop();
    co_return;
  }
  log::info("bot.started", {{"bot", me->username}, {"bot_id", std::to_string(me->id)}});
  trace::spawn(io->get_executor(), set_commands(sender), "bot.set_commands_crashed");
  auto run_op = poller->run();
  *result = co_await std::move(run_op);
  io->stop();
}

// The first SIGINT/SIGTERM stops polling and lets running handlers finish (at most the poller's drain
// bound); the second ends every HTTP call in flight and stops the loop at once.
void on_signals(asio::signal_set& signals, telegram::Poller& poller, std::function<void()> stop_now) {
  signals.async_wait([&signals, &poller, stop_now](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    if (poller.stopping()) {
      log::info("bot.stopping_now", {{"signal", signo == SIGTERM ? "SIGTERM" : "SIGINT"}});
      stop_now();
      return;
    }
    log::info("bot.stopping", {{"signal", signo == SIGTERM ? "SIGTERM" : "SIGINT"}});
    poller.stop();
    on_signals(signals, poller, stop_now);
  });
}

}  // namespace

int run_telegram(Runtime& rt) {
  asio::io_context& io = rt.io();
  const BotOptions& o = rt.options;
  const BotConfig& c = o.config;
  telegram::BotEndpoint endpoint{o.telegram_api_url, o.telegram_token};
  http::CurlHttpClient send_http(io.get_executor());
  http::CurlHttpClient poll_http(io.get_executor());
  telegram::SenderOptions sender_options;
  if (c.per_chat_interval_ms)
    sender_options.limits.per_chat_interval = std::chrono::milliseconds(*c.per_chat_interval_ms);
  if (c.global_per_second)
    sender_options.limits.global_interval = std::chrono::microseconds(1'000'000 / *c.global_per_second);
  trace::AsioTimers timers(core::SystemClock::instance());
  telegram::Sender sender(send_http, timers, endpoint, sender_options);
  TelegramMessenger messenger(sender);
  const core::Clock& clock = core::SystemClock::instance();

  HarnessTester tester(io.get_executor(),
                       {harness_next_to_me(), o.store, o.cassette_dir, c.test_max_usd.value_or(0.50)});
  chat::AdminCommands admin(messenger, rt.core->store(), *rt.catalog, &tester, clock);
  admin.set_span_stats([&rt] { return rt.core->span_stats(); });
  chat::ChatBotOptions options;
  options.admins = o.admins;
  options.run_id = rt.run().run_id;
  options.progress_throttle = std::chrono::milliseconds(c.progress_throttle_ms.value_or(1000));
  chat::ChatBot bot({io.get_executor(), messenger, *rt.catalog, *rt.llm, *rt.conversations, *rt.state, clock,
                     timers, &rt.core->tracer(), &admin},
                    std::move(options));

  telegram::PollerOptions poller_options;
  if (c.poll_timeout_seconds) poller_options.timeout_seconds = *c.poll_timeout_seconds;
  StateOffsetStore offsets(*rt.state);
  telegram::Poller poller(
      io.get_executor(), poll_http, timers, endpoint, offsets,
      [&bot](telegram::Update u) { return handle_update(&bot, std::move(u)); }, poller_options);

  asio::signal_set signals(io, SIGINT, SIGTERM);
  bool at_once = false;
  on_signals(signals, poller, [&] {
    at_once = true;
    send_http.cancel_all();
    poll_http.cancel_all();
    rt.core->llm().cancel_all();
    io.stop();
  });

  core::Result<void> result;
  trace::spawn(io.get_executor(), start_and_poll(&sender, &poller, &result, &io), "bot.poll_crashed");
  io.run();
  signals.cancel();
  // Handlers still running after the drain bound were not confirmed (Telegram sends their updates again);
  // close() ends their provider calls and lets them unwind while everything they use is still here.
  const telegram::PollerStats& ps = poller.stats();
  std::string note = rt.run().note + "; " + std::to_string(ps.updates) + " updates, " +
                     std::to_string(bot.stats().turns) + " turns, " + std::to_string(bot.stats().debriefs) +
                     " debriefs, " + std::to_string(sender.stats().rate_limited) + " rate-limited sends";
  if (ps.unfinished_at_stop > 0)
    note += "; " + std::to_string(ps.unfinished_at_stop) + " updates unfinished at stop";
  const auto settle = at_once ? std::chrono::milliseconds(250) : std::chrono::milliseconds(2000);
  if (!result) {
    std::cerr << "dealquest-bot: " << log::redacted(result.error()) << "\n";
    rt.close("error", note + "; " + log::redacted(result.error()), settle);
    return core::to_int(result.error().code == telegram::errc::unauthorized ? core::ExitCode::usage
                                                                            : core::ExitCode::infrastructure);
  }
  const core::ExitCode code = rt.close(poller.stopping() ? "interrupted" : "passed", note, settle);
  log::info("bot.stopped", {{"offset", std::to_string(poller.offset())}});
  return core::to_int(code);
}

}  // namespace dq::app
