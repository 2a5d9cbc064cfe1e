#pragma once
// The users of the load benchmark (dq_load_bench): N chats against the fake Telegram server, each one
// choosing a scenario (/start, then a press on the menu) and then negotiating in a loop, every message only
// after the bot's answer to the previous one is visible (plus a think time). Reply time is measured on the
// fake's side: from the moment the user's message was queued for the bot to the moment the bot's final
// answer took effect (its sendMessage or editMessageText that no longer shows the "⏳" progress text).
//
// One driver thread plays every chat; the fake reports each bot call through its call observer.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "tests/support/fake_telegram_server.hpp"

namespace dq::bench {

struct LoadPlan {
  int chats = 1000;
  std::chrono::milliseconds think{500};  // after an answer, before the next message
  std::chrono::milliseconds ramp{1000};  // the chats' /start spread over this
  std::int64_t first_chat_id = 5'000'001;
};

struct LoadResults {
  std::vector<double> reply_ms;     // negotiation messages answered (turn replies)
  std::vector<double> setup_ms;     // /start to menu, and press to "You are negotiating with"
  std::int64_t sent = 0;            // negotiation messages sent
  std::int64_t failed_replies = 0;  // answers that were the bot's apology instead of a reply
  int chats_negotiating = 0;        // chats that got as far as negotiating
  int waiting_at_end = 0;           // messages still unanswered when the time was up
  double oldest_wait_ms = 0;        // the longest of those waits so far
};

class LoadChats {
 public:
  using Clock = std::chrono::steady_clock;

  LoadChats(testing::FakeTelegramServer& tg, LoadPlan plan);
  ~LoadChats();
  LoadChats(const LoadChats&) = delete;
  LoadChats& operator=(const LoadChats&) = delete;

  // Plays every chat until `until`; then stops writing and returns what was measured.
  LoadResults run(Clock::time_point until);

 private:
  enum class Stage { fresh, starting, choosing, idle, waiting };
  struct Chat {
    Stage stage = Stage::fresh;
    bool negotiated = false;
    Clock::time_point since{};  // when the awaited message or press was sent
    Clock::time_point next{};   // idle: when to write next
    int turn = 0;
  };
  struct Event {  // one bot call that took effect in one of our chats
    std::int64_t chat = 0;
    Clock::time_point at{};
    bool menu = false, chosen = false, progress = false, apology = false;
  };

  void on_call(const testing::TgCall& call, Clock::time_point at);
  void handle(const Event& e);
  void press_menu(std::int64_t chat_id, Chat& chat);
  void act(std::int64_t chat_id, Chat& chat, Clock::time_point now);  // fresh or idle, when due

  testing::FakeTelegramServer& tg_;
  LoadPlan plan_;
  std::vector<Chat> chats_;
  LoadResults results_;

  std::mutex mutex_;  // guards events_ (filled on the fake's thread)
  std::condition_variable arrived_;
  std::vector<Event> events_;
};

}  // namespace dq::bench
