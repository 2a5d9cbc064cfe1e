// `dealquest-bot --console`: typed lines in, the bot's messages out, through the same ChatBot.
#include <unistd.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "bot/app/bot_runtime.hpp"
#include "bot/app/console.hpp"
#include "bot/app/harness_tester.hpp"
#include "bot/chat/admin_commands.hpp"
#include "bot/chat/chat_bot.hpp"
#include "bot/core/clock.hpp"
#include "bot/store/sqlite_chat_store.hpp"
#include "bot/store/sqlite_store.hpp"
#include "bot/trace/log.hpp"
#include "bot/trace/span_queue.hpp"
#include "bot/trace/spawn.hpp"
#include "bot/trace/timer.hpp"

namespace dq::app {
namespace {

namespace asio = boost::asio;

std::atomic<int> g_signals{0};

extern "C" void on_console_signal(int) {
  g_signals.fetch_add(1);
}

asio::awaitable<void> handle_line(chat::ChatBot* bot, chat::Incoming in) {
  auto op = bot->handle(std::move(in));
  co_await std::move(op);
}

// While a line is handled: a first Ctrl-C lets it finish (the session then ends); a second one ends the
// provider calls in flight and stops the loop at once. The watch ends as soon as the line is done (its tick
// is cancelled), so it never holds up the next line. Shared, because after a second Ctrl-C the line's
// handler may still complete later (while the runtime settles), when handle() has long returned.
struct LineWatch {
  explicit LineWatch(asio::io_context& io) : tick(io) {}
  asio::steady_timer tick;
  bool done = false;
};

asio::awaitable<void> watch_signals(Runtime* rt, std::shared_ptr<LineWatch> w) {
  while (!w->done && g_signals.load() < 2) {
    w->tick.expires_after(std::chrono::milliseconds(50));
    co_await w->tick.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  if (w->done) co_return;
  rt->core->llm().cancel_all();
  rt->io().stop();
}

// Handles one line to the end, or until a second signal.
void handle(Runtime& rt, chat::ChatBot& bot, chat::Incoming in) {
  asio::io_context& io = rt.io();
  auto watch = std::make_shared<LineWatch>(io);
  asio::co_spawn(io, handle_line(&bot, std::move(in)), [watch](std::exception_ptr e) {
    watch->done = true;
    watch->tick.cancel();
    if (e) log::error("bot.handler_crashed", {{"error", trace::describe(e)}});
  });
  trace::spawn(io.get_executor(), watch_signals(&rt, watch), "bot.signal_watch_crashed");
  io.restart();
  io.run();
}

}  // namespace

int run_console(Runtime& rt) {
  asio::io_context& io = rt.io();
  // A signal interrupts the read (no SA_RESTART), so Ctrl-C ends the session cleanly, traces drained.
  struct sigaction sa {};
  sa.sa_handler = on_console_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  ConsoleMessenger messenger(stdout);
  const core::Clock& clock = core::SystemClock::instance();
  trace::AsioTimers timers(clock);
  HarnessTester tester(io.get_executor(), {harness_next_to_me(), rt.options.store, rt.options.cassette_dir,
                                           rt.options.config.test_max_usd.value_or(0.50)});
  chat::AdminCommands admin(messenger, rt.core->store(), *rt.catalog, &tester, clock);
  admin.set_span_stats([&rt] { return rt.core->span_stats(); });
  chat::ChatBotOptions options;
  options.admins = rt.options.admins;
  options.admins.insert(rt.options.console_user);  // the person at the terminal runs this bot
  options.run_id = rt.run().run_id;
  options.progress_throttle = std::chrono::milliseconds(rt.options.config.progress_throttle_ms.value_or(300));
  chat::ChatBot bot({io.get_executor(), messenger, *rt.catalog, *rt.llm, *rt.conversations, *rt.state, clock,
                     timers, &rt.core->tracer(), &admin},
                    std::move(options));

  const bool echo = isatty(0) == 0;  // piped input: show it, so the transcript reads as a conversation
  std::printf(
      "dealquest-bot console · llm %s · store %s · run %s\nType /start to begin, /help for help, Ctrl-D to "
      "quit.\n",
      std::string(core::to_string(rt.options.llm)).c_str(), rt.core->store().location().c_str(),
      rt.run().run_id.c_str());
  std::fflush(stdout);
  const std::int64_t user = rt.options.console_user;
  std::string line;
  while (g_signals.load() == 0 && std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (echo) {
      std::printf("you> %s\n", line.c_str());
      std::fflush(stdout);
    }
    handle(rt, bot, messenger.to_incoming(user, user, line));
  }
  const bool interrupted = g_signals.load() > 0;
  const core::ExitCode code =
      rt.close(interrupted ? "interrupted" : "passed",
               rt.run().note + "; " + std::to_string(bot.stats().turns) + " turns, " +
                   std::to_string(bot.stats().debriefs) + " debriefs, " +
                   std::to_string(bot.stats().failures) + " failures",
               g_signals.load() >= 2 ? std::chrono::milliseconds(250) : std::chrono::milliseconds(2000));
  const std::string where = rt.core->store().location();  // a server's, without its password
  std::printf("\nTraces of this session: run %s in %s (see: dealquest-test report --store %s)\n",
              rt.run().run_id.c_str(), where.c_str(), where.c_str());
  if (code != core::ExitCode::ok) return core::to_int(code);
  return interrupted ? core::to_int(core::ExitCode::interrupted) : 0;
}

}  // namespace dq::app
