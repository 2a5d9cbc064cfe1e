#include "tests/bench/load_chats.hpp"

#include <algorithm>

namespace dq::bench {
namespace {

bool has(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

}  // namespace

LoadChats::LoadChats(testing::FakeTelegramServer& tg, LoadPlan plan)
    : tg_(tg), plan_(plan), chats_(static_cast<std::size_t>(std::max(plan.chats, 0))) {
  tg_.observe_calls([this](const testing::TgCall& call, Clock::time_point at) { on_call(call, at); });
}

LoadChats::~LoadChats() {
  tg_.observe_calls(nullptr);
}

// On the fake's thread, under its lock: only note what happened.
void LoadChats::on_call(const testing::TgCall& call, Clock::time_point at) {
  const bool send = call.method == "sendMessage" || call.method == "sendDocument";
  if ((!send && call.method != "editMessageText") || call.http_status != 200) return;
  const auto chat = call.params.find("chat_id");
  if (chat == call.params.end() || !chat->is_number_integer()) return;
  const std::int64_t id = chat->get<std::int64_t>();
  if (id < plan_.first_chat_id || id >= plan_.first_chat_id + static_cast<std::int64_t>(chats_.size()))
    return;
  const auto text_it = call.params.find("text");
  const std::string text =
      text_it != call.params.end() && text_it->is_string() ? text_it->get<std::string>() : "";
  Event e{id,
          at,
          call.method == "sendMessage" && has(text, "Choose a scenario"),
          has(text, "You are negotiating with"),
          has(text, "⏳"),
          has(text, "Sorry, something went wrong")};
  {
    std::lock_guard lock(mutex_);
    events_.push_back(e);
  }
  arrived_.notify_one();
}

void LoadChats::handle(const Event& e) {
  Chat& chat = chats_[static_cast<std::size_t>(e.chat - plan_.first_chat_id)];
  const auto ms = [&] { return std::chrono::duration<double, std::milli>(e.at - chat.since).count(); };
  switch (chat.stage) {
    case Stage::starting:
      if (!e.menu) return;
      results_.setup_ms.push_back(ms());
      press_menu(e.chat, chat);
      return;
    case Stage::choosing:
      if (!e.chosen) return;
      results_.setup_ms.push_back(ms());
      break;
    case Stage::waiting:
      if (e.progress || e.menu || e.chosen) return;  // a progress edit, not the answer yet
      results_.reply_ms.push_back(ms());
      results_.failed_replies += e.apology;
      break;
    case Stage::fresh:
    case Stage::idle:
      return;
  }
  chat.negotiated = true;
  chat.stage = Stage::idle;
  chat.next = e.at + plan_.think;
}

void LoadChats::press_menu(std::int64_t chat_id, Chat& chat) {
  const auto messages = tg_.bot_messages(chat_id);
  for (auto m = messages.rbegin(); m != messages.rend(); ++m) {
    if (m->keyboard.empty() || !has(m->text, "Choose a scenario")) continue;
    // Spread the chats over the scenarios: one row per scenario.
    const auto& row = m->keyboard[static_cast<std::size_t>(chat_id) % m->keyboard.size()];
    if (row.empty()) break;
    chat.stage = Stage::choosing;
    chat.since = Clock::now();
    tg_.user_presses(chat_id, chat_id, m->message_id, row.front().callback_data);
    return;
  }
  chat.stage = Stage::fresh;  // no menu to press: start over
  chat.next = Clock::now();
}

void LoadChats::act(std::int64_t chat_id, Chat& chat, Clock::time_point now) {
  chat.since = now;
  if (chat.stage == Stage::fresh) {
    chat.stage = Stage::starting;
    tg_.user_sends(chat_id, chat_id, "/start");
    return;
  }
  ++chat.turn;
  ++results_.sent;
  chat.stage = Stage::waiting;
  tg_.user_sends(chat_id, chat_id,
                 "I can offer " + std::to_string(70 + chat.turn % 30) +
                     "k, starting next month. Can we agree on that? (message " + std::to_string(chat.turn) +
                     ")");
}

LoadResults LoadChats::run(Clock::time_point until) {
  const auto start = Clock::now();
  for (std::size_t i = 0; i < chats_.size(); ++i)
    chats_[i].next =
        start + plan_.ramp * static_cast<std::int64_t>(i) / static_cast<std::int64_t>(chats_.size());
  std::vector<Event> batch;
  for (;;) {
    auto now = Clock::now();
    if (now >= until) break;
    {
      std::lock_guard lock(mutex_);
      batch.swap(events_);
    }
    for (const Event& e : batch) handle(e);
    batch.clear();
    now = Clock::now();
    Clock::time_point wake = std::min(until, now + std::chrono::milliseconds(100));
    for (std::size_t i = 0; i < chats_.size(); ++i) {
      Chat& chat = chats_[i];
      if (chat.stage != Stage::fresh && chat.stage != Stage::idle) continue;
      if (chat.next <= now)
        act(plan_.first_chat_id + static_cast<std::int64_t>(i), chat, now);
      else
        wake = std::min(wake, chat.next);
    }
    std::unique_lock lock(mutex_);
    arrived_.wait_until(lock, wake, [&] { return !events_.empty(); });
  }
  const auto end = Clock::now();
  for (const Chat& chat : chats_) {
    results_.chats_negotiating += chat.negotiated;
    if (chat.stage != Stage::waiting) continue;
    ++results_.waiting_at_end;
    results_.oldest_wait_ms = std::max(results_.oldest_wait_ms,
                                       std::chrono::duration<double, std::milli>(end - chat.since).count());
  }
  return results_;
}

}  // namespace dq::bench
