// The extra latency tracing adds to the bot's message handler (BRIEF §10: p95 < 100 µs).
//
// Runs the same negotiation turn through ChatBot::handle — dry-run LLM with no latency, in-memory chat
// state, a messenger that only keeps what it is sent — with tracing on (spans through a SpanQueue into a
// real SQLite store, as in the bot) and off (no tracer), alternating so both see the same machine noise.
// Prints the p50/p95 of each and the p95 difference, in microseconds.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bot/chat/chat_bot.hpp"
#include "bot/query/percentiles.hpp"
#include "bot/runtime/llm_stack.hpp"
#include "bot/store/sqlite_store.hpp"
#include "bot/trace/span_queue.hpp"
#include "bot/trace/timer.hpp"
#include "bot/trace/tracer.hpp"
#include "tests/support/recording_messenger.hpp"
#include "tests/support/run_loop.hpp"

namespace {

using namespace dq;

boost::asio::awaitable<void> handle(chat::ChatBot* bot, chat::Incoming in) {
  auto op = bot->handle(std::move(in));
  co_await std::move(op);
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 2000;
  const std::string scenarios = argc > 1 ? argv[1] : "scenarios";
  auto catalog = chat::ScenarioCatalog::load(scenarios);
  if (!catalog) {
    std::fprintf(stderr, "%s\n", catalog.error().to_string().c_str());
    return 2;
  }
  const auto dir =
      std::filesystem::temp_directory_path() / ("dq-handler-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto store = store::SqliteStore::open((dir / "t.db").string());
  if (!store) return 3;
  trace::SpanQueue queue(**store);
  trace::Tracer tracer(core::SystemClock::instance(), queue);
  trace::AsioTimers timers(core::SystemClock::instance());

  boost::asio::io_context io;
  testing::RecordingMessenger messenger;
  chat::InMemoryChatState state;
  pipeline::InMemoryConversationStore conversations;
  chat::LlmSide llm(runtime::dry_run_factory(true, 0));
  auto make = [&](trace::Tracer* t) {
    chat::ChatBotOptions o;
    o.progress_throttle = std::chrono::milliseconds(0);
    return std::make_unique<chat::ChatBot>(
        chat::ChatBotDeps{io.get_executor(), messenger, *catalog, llm, conversations, state,
                          core::SystemClock::instance(), timers, t, nullptr},
        o);
  };
  auto traced = make(&tracer);
  auto untraced = make(nullptr);
  const std::string scenario = catalog->all().front().id;

  std::vector<std::int64_t> on, off;
  for (int i = 0; i < rounds * 2 + 200; ++i) {
    const bool with = i % 2 == 0;
    const std::int64_t chat = 1000 + i;  // a fresh conversation each time: equal work per turn
    chat::ChatSession s;
    s.chat_id = chat;
    s.user_id = chat;
    s.stage = chat::Stage::negotiating;
    s.scenario = scenario;
    s.conversation_id = "bench-" + std::to_string(i);
    (void)state.save_session(s);
    const auto start = std::chrono::steady_clock::now();
    testing::run_to_completion(
        io, handle(with ? traced.get() : untraced.get(),
                   chat::from_text(chat, chat, "I can offer $80,000 if you deliver by March")));
    const auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start)
            .count();
    if (i < 200) continue;  // warm-up
    (with ? on : off).push_back(us);
    messenger.messages.clear();
    messenger.order.clear();
  }
  queue.stop();
  const auto p_on = query::percentiles(on), p_off = query::percentiles(off);
  std::printf(
      "handler_p50_us_traced %lld\nhandler_p95_us_traced %lld\nhandler_p50_us_untraced %lld\n"
      "handler_p95_us_untraced %lld\nhandler_p95_extra_us %lld\nspans_written %llu\nspans_dropped %llu\n",
      static_cast<long long>(p_on.p50), static_cast<long long>(p_on.p95), static_cast<long long>(p_off.p50),
      static_cast<long long>(p_off.p95), static_cast<long long>(p_on.p95 - p_off.p95),
      static_cast<unsigned long long>(queue.stats().written),
      static_cast<unsigned long long>(queue.stats().dropped));
  std::filesystem::remove_all(dir);
  return 0;
}
