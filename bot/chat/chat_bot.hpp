#pragma once
// The bot's behaviour, whatever it talks through (Telegram or a terminal): /start → scenario menu → turns
// through the same Pipeline the harness drives → /debrief → the coach's score; /help, /cancel; admin
// commands for configured admins. Each chat's state is a stored ChatSession, so a restart resumes.
// Every failure becomes a polite message; nothing a user sends can crash it (too long, binary, HTML,
// forged buttons).
//
// handle() must not run twice at once for one chat (the Poller and the console guarantee it); different
// chats may interleave on the loop.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <set>
#include <string>

#include "bot/chat/callback_data.hpp"
#include "bot/chat/incoming.hpp"
#include "bot/chat/llm_side.hpp"
#include "bot/chat/messenger.hpp"
#include "bot/chat/scenario_catalog.hpp"
#include "bot/chat/session.hpp"
#include "bot/core/clock.hpp"
#include "bot/pipeline/conversation.hpp"
#include "bot/trace/timer.hpp"

namespace dq::trace {
class Tracer;
}

namespace dq::chat {

class AdminCommands;

struct ChatBotDeps {
  boost::asio::any_io_executor executor;
  Messenger& messenger;
  const ScenarioCatalog& catalog;
  LlmSide& llm;
  pipeline::ConversationStore& conversations;
  SessionStore& sessions;
  const core::Clock& clock;
  trace::Timers& timers;            // the progress message's throttle (on the same clock)
  trace::Tracer* tracer = nullptr;  // no traces when null
  AdminCommands* admin = nullptr;   // no admin commands when null
};

struct ChatBotOptions {
  std::set<std::int64_t> admins;
  std::string run_id;  // the bot's run: its traces belong to it
  std::chrono::milliseconds progress_throttle{1000};
};

struct ChatBotStats {
  std::uint64_t handled = 0, turns = 0, debriefs = 0, failures = 0, refused = 0;
};

class ChatBot {
 public:
  ChatBot(ChatBotDeps deps, ChatBotOptions options) : deps_(deps), options_(std::move(options)) {}

  boost::asio::awaitable<void> handle(Incoming in);
  bool is_admin(std::int64_t user_id) const { return options_.admins.contains(user_id); }
  const ChatBotStats& stats() const { return stats_; }

 private:
  boost::asio::awaitable<void> on_command(const Incoming& in, ChatSession& session);
  boost::asio::awaitable<void> on_text(const Incoming& in, ChatSession& session);
  boost::asio::awaitable<void> on_button(const Incoming& in, ChatSession& session);
  boost::asio::awaitable<void> start(const Incoming& in, ChatSession& session);
  // The scenario menu under `html`; the chat is then choosing.
  boost::asio::awaitable<void> show_menu(const Incoming& in, ChatSession& session, std::string html);
  // "You are negotiating X. Start over?" with Yes/No buttons bound to this negotiation.
  boost::asio::awaitable<void> ask_start_over(const Incoming& in, const ChatSession& session,
                                              const scenario::Scenario& s);
  boost::asio::awaitable<void> on_restart(const Incoming& in, ChatSession& session, const Restart& answer);
  boost::asio::awaitable<void> choose(const Incoming& in, ChatSession& session, const scenario::Scenario& s);
  boost::asio::awaitable<void> turn(const Incoming& in, ChatSession& session);
  boost::asio::awaitable<void> debrief(const Incoming& in, ChatSession& session);
  boost::asio::awaitable<void> say(std::int64_t chat, std::string html);
  bool save(ChatSession& session);  // false (logged, counted) when the store refused it

  ChatBotDeps deps_;
  ChatBotOptions options_;
  ChatBotStats stats_;
};

}  // namespace dq::chat
