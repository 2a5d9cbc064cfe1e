// `dealquest-bot --console`: typed lines in, the bot's messages out, through the same ChatBot.
#include <unistd.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
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
#include "bot/trace/timer.hpp"

namespace dq::app {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_console_signal(int) {
  g_interrupted = true;
}

boost::asio::awaitable<void> handle_line(chat::ChatBot* bot, chat::Incoming in) {
  auto op = bot->handle(std::move(in));
  co_await std::move(op);
}

}  // namespace

int run_console(Runtime& rt, boost::asio::io_context& io) {
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
  chat::AdminCommands admin(messenger, *rt.traces, *rt.catalog, &tester, clock);
  chat::ChatBotOptions options;
  options.admins = rt.options.admins;
  options.admins.insert(rt.options.console_user);  // the person at the terminal runs this bot
  options.run_id = rt.run.run_id;
  options.progress_throttle = std::chrono::milliseconds(rt.options.config.progress_throttle_ms.value_or(300));
  chat::ChatBot bot({io.get_executor(), messenger, *rt.catalog, *rt.llm, *rt.state, *rt.state, clock, timers,
                     rt.tracer.get(), &admin},
                    std::move(options));

  const bool echo = isatty(0) == 0;  // piped input: show it, so the transcript reads as a conversation
  std::printf("dealquest-bot console · llm %s · store %s · run %s\nType /start to begin, /help for help, Ctrl-D to quit.\n",
              rt.options.llm.c_str(), rt.options.store.c_str(), rt.run.run_id.c_str());
  std::fflush(stdout);
  const std::int64_t user = rt.options.console_user;
  std::string line;
  while (!g_interrupted && std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (echo) {
      std::printf("you> %s\n", line.c_str());
      std::fflush(stdout);
    }
    boost::asio::co_spawn(io, handle_line(&bot, messenger.to_incoming(user, user, line)), boost::asio::detached);
    io.restart();
    io.run();
  }
  const bool interrupted = g_interrupted.load();
  const core::ExitCode code =
      rt.close(interrupted ? "interrupted" : "passed",
               rt.run.note + "; " + std::to_string(bot.stats().turns) + " turns, " +
                   std::to_string(bot.stats().debriefs) + " debriefs, " + std::to_string(bot.stats().failures) +
                   " failures");
  std::printf("\nTraces of this session: run %s in %s (see: dealquest-test report --store %s)\n", rt.run.run_id.c_str(),
              rt.options.store.c_str(), rt.options.store.c_str());
  if (code != core::ExitCode::ok) return core::to_int(code);
  return interrupted ? core::to_int(core::ExitCode::interrupted) : 0;
}

}  // namespace dq::app
