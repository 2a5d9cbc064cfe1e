#include "bot/chat/chat_bot.hpp"

#include "bot/chat/admin_commands.hpp"
#include "bot/chat/progress.hpp"
#include "bot/chat/texts.hpp"
#include "bot/chat/user_text.hpp"
#include "bot/pipeline/pipeline.hpp"
#include "bot/scenario_deal/scenario_deal.hpp"
#include "bot/telegram/telegram_text.hpp"
#include "bot/trace/log.hpp"

namespace dq::chat {
namespace asio = boost::asio;

namespace {

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// Starting over would throw away a negotiation with at least one message in it: ask first.
bool has_turns(const ChatSession& session) {
  return session.stage == Stage::negotiating && session.turns > 0;
}

log::Fields where(const Incoming& in) {
  return {{"chat", std::to_string(in.chat_id)}, {"user", std::to_string(in.user_id)}};
}

}  // namespace

asio::awaitable<void> ChatBot::say(std::int64_t chat, std::string html) {
  auto op = deps_.messenger.send(chat, std::move(html));
  auto sent = co_await std::move(op);
  if (!sent) {
    ++stats_.failures;
    log::warn("bot.send_failed", {{"chat", std::to_string(chat)}, {"error", log::redacted(sent.error())}});
  }
}

bool ChatBot::save(ChatSession& session) {
  session.updated_ms = deps_.clock.wall_ms();
  if (auto saved = deps_.sessions.save_session(session); !saved) {
    ++stats_.failures;
    log::error("bot.session_save_failed",
               {{"chat", std::to_string(session.chat_id)}, {"error", log::redacted(saved.error())}});
    return false;
  }
  return true;
}

asio::awaitable<void> ChatBot::handle(Incoming in) {
  ++stats_.handled;
  auto loaded = deps_.sessions.load_session(in.chat_id);
  ChatSession session;
  if (loaded && *loaded) {
    session = std::move(**loaded);
  } else {
    if (!loaded)
      log::error("bot.session_load_failed",
                 {{"chat", std::to_string(in.chat_id)}, {"error", log::redacted(loaded.error())}});
    session.chat_id = in.chat_id;
    session.user_id = in.user_id;
  }
  switch (in.kind) {
    case Incoming::Kind::command: {
      auto op = on_command(in, session);
      co_await std::move(op);
      break;
    }
    case Incoming::Kind::text: {
      auto op = on_text(in, session);
      co_await std::move(op);
      break;
    }
    case Incoming::Kind::button: {
      auto op = on_button(in, session);
      co_await std::move(op);
      break;
    }
    case Incoming::Kind::unsupported: {
      auto op = say(in.chat_id, texts::unsupported_message());
      co_await std::move(op);
      break;
    }
  }
}

asio::awaitable<void> ChatBot::on_command(const Incoming& in, ChatSession& session) {
  if (in.command == "start") {
    auto op = start(in, session);
    co_await std::move(op);
  } else if (in.command == "help") {
    auto op = say(in.chat_id, texts::help(is_admin(in.user_id)));
    co_await std::move(op);
  } else if (in.command == "cancel") {
    const bool had = session.stage == Stage::negotiating;
    session.stage = Stage::idle;
    session.pending.clear();
    save(session);
    auto op = say(in.chat_id, texts::cancelled(had));
    co_await std::move(op);
  } else if (in.command == "debrief") {
    auto op = debrief(in, session);
    co_await std::move(op);
  } else if (in.command == "admin") {
    if (!is_admin(in.user_id) || deps_.admin == nullptr) {
      ++stats_.refused;
      auto fields = where(in);
      fields.emplace_back("command", "admin");
      log::warn("bot.admin_refused", fields);
      auto op = say(in.chat_id, texts::admin_refused());
      co_await std::move(op);
    } else {
      auto op = deps_.admin->command(in, session);
      co_await std::move(op);
      save(session);
    }
  } else {
    auto op = say(in.chat_id, texts::unknown_command(in.command));
    co_await std::move(op);
  }
}

asio::awaitable<void> ChatBot::start(const Incoming& in, ChatSession& session) {
  if (const scenario::Scenario* s = deps_.catalog.find(session.scenario);
      s != nullptr && has_turns(session)) {
    auto op = ask_start_over(in, session, *s);
    co_await std::move(op);
    co_return;
  }
  auto op = show_menu(in, session, texts::welcome());
  co_await std::move(op);
}

asio::awaitable<void> ChatBot::show_menu(const Incoming& in, ChatSession& session, std::string html) {
  session.stage = Stage::choosing;
  session.user_id = in.user_id;
  save(session);
  auto op = deps_.messenger.send(in.chat_id, std::move(html), deps_.catalog.menu());
  auto sent = co_await std::move(op);
  if (!sent)
    log::warn("bot.send_failed",
              {{"chat", std::to_string(in.chat_id)}, {"error", log::redacted(sent.error())}});
}

asio::awaitable<void> ChatBot::ask_start_over(const Incoming& in, const ChatSession& session,
                                              const scenario::Scenario& s) {
  const std::string nonce = negotiation_nonce(session.conversation_id);
  InlineKeyboard keyboard{{InlineButton{texts::start_over_yes(), make_restart(nonce, true)},
                           InlineButton{texts::start_over_no(), make_restart(nonce, false)}}};
  auto op = deps_.messenger.send(in.chat_id, texts::start_over_question(s), std::move(keyboard));
  auto sent = co_await std::move(op);
  if (!sent) {
    ++stats_.failures;
    log::warn("bot.send_failed", {{"chat", std::to_string(in.chat_id)}, {"error", sent.error().to_string()}});
  }
}

asio::awaitable<void> ChatBot::on_restart(const Incoming& in, ChatSession& session, const Restart& answer) {
  // Only the question about the negotiation running now counts: an old one's buttons are stale.
  const scenario::Scenario* s = deps_.catalog.find(session.scenario);
  if (session.stage != Stage::negotiating || s == nullptr ||
      negotiation_nonce(session.conversation_id) != answer.nonce) {
    auto op = deps_.messenger.answer(in.callback_id, texts::stale_button());
    co_await std::move(op);
    co_return;
  }
  auto answered = deps_.messenger.answer(in.callback_id);
  co_await std::move(answered);
  if (in.message_id != 0) {  // the question shows the answer, without its buttons
    auto op = deps_.messenger.edit(
        in.chat_id, in.message_id,
        texts::start_over_question(*s) + "\n→ <b>" +
            telegram::escape_html(answer.start_over ? texts::start_over_yes() : texts::start_over_no()) +
            "</b>");
    co_await std::move(op);
  }
  if (answer.start_over) {
    auto op = show_menu(in, session, texts::welcome());
    co_await std::move(op);
  } else {
    auto op = say(in.chat_id, texts::going_on(*s));
    co_await std::move(op);
  }
}

asio::awaitable<void> ChatBot::on_text(const Incoming& in, ChatSession& session) {
  if (session.stage == Stage::negotiating) {
    auto op = turn(in, session);
    co_await std::move(op);
    co_return;
  }
  // A number right after the menu picks that scenario (what console users type; fine in Telegram too).
  if (const scenario::Scenario* s = deps_.catalog.by_number(in.text)) {
    auto op = choose(in, session, *s);
    co_await std::move(op);
    co_return;
  }
  if (session.stage == Stage::choosing) {  // the menu is what the user is looking at: offer it again
    auto op = show_menu(in, session, texts::not_a_choice(deps_.catalog.all().size()));
    co_await std::move(op);
    co_return;
  }
  auto op = say(in.chat_id, texts::not_negotiating());
  co_await std::move(op);
}

asio::awaitable<void> ChatBot::on_button(const Incoming& in, ChatSession& session) {
  std::optional<ButtonAction> action = parse_button(in.data);
  if (action && action->kind == ButtonAction::Kind::restart) {
    auto op = on_restart(in, session, action->restart);
    co_await std::move(op);
    co_return;
  }
  const scenario::Scenario* chosen = action && action->kind == ButtonAction::Kind::choose_scenario
                                         ? deps_.catalog.find(action->choose.scenario)
                                         : nullptr;
  const bool admin_action = action && (action->kind == ButtonAction::Kind::traces_page ||
                                       action->kind == ButtonAction::Kind::confirm_test);
  if (!action || (!admin_action && chosen == nullptr)) {
    auto fields = where(in);
    fields.emplace_back("data", log::fingerprint(in.data));
    log::warn("bot.bad_button", fields);
    auto op = deps_.messenger.answer(in.callback_id, texts::stale_button());
    co_await std::move(op);
    co_return;
  }
  if (admin_action) {
    if (!is_admin(in.user_id) || deps_.admin == nullptr) {
      ++stats_.refused;
      log::warn("bot.admin_refused", where(in));
      auto op = deps_.messenger.answer(in.callback_id, texts::admin_refused());
      co_await std::move(op);
      co_return;
    }
    const AdminCommands::SaveSession persist = [this](ChatSession& s) { return save(s); };
    auto op = deps_.admin->button(in, *action, session, persist);
    co_await std::move(op);
    save(session);
    co_return;
  }
  auto answered = deps_.messenger.answer(in.callback_id);
  co_await std::move(answered);
  // An older menu's button, pressed mid-negotiation, must not throw the negotiation away unasked either.
  if (const scenario::Scenario* current = deps_.catalog.find(session.scenario);
      current != nullptr && has_turns(session)) {
    auto op = ask_start_over(in, session, *current);
    co_await std::move(op);
    co_return;
  }
  if (in.message_id != 0) {  // the menu shows what was chosen, without its buttons
    auto op =
        deps_.messenger.edit(in.chat_id, in.message_id,
                             texts::welcome() + "\n→ <b>" + telegram::escape_html(chosen->title) + "</b>");
    co_await std::move(op);
  }
  auto op = choose(in, session, *chosen);
  co_await std::move(op);
}

asio::awaitable<void> ChatBot::choose(const Incoming& in, ChatSession& session, const scenario::Scenario& s) {
  session.stage = Stage::negotiating;
  session.scenario = s.id;
  session.user_id = in.user_id;
  session.turns = 0;
  session.conversation_id = "tg-" + std::to_string(in.chat_id) + "-" + std::to_string(deps_.clock.wall_ms());
  save(session);
  auto op = say(in.chat_id, texts::chosen(s));
  co_await std::move(op);
}

asio::awaitable<void> ChatBot::turn(const Incoming& in, ChatSession& session) {
  const scenario::Scenario* s = deps_.catalog.find(session.scenario);
  if (s == nullptr) {  // the scenario was removed since: start over
    session.stage = Stage::idle;
    save(session);
    auto op = say(in.chat_id, texts::not_negotiating());
    co_await std::move(op);
    co_return;
  }
  // Markup and bytes that are not text never reach the model: the user is told why, and no turn is used.
  if (const TextProblem problem = check_user_text(in.text); problem != TextProblem::none) {
    auto op =
        say(in.chat_id, problem == TextProblem::html ? texts::html_message() : texts::not_text_message());
    co_await std::move(op);
    co_return;
  }
  std::string text = telegram::clean_user_text(in.text);
  if (code_points(text) > texts::kMaxUserText) {
    auto op = say(in.chat_id, texts::too_long(texts::kMaxUserText));
    co_await std::move(op);
    co_return;
  }
  if (text.find_first_not_of(" \n\t") == std::string::npos) {
    auto op = say(in.chat_id, texts::unsupported_message());
    co_await std::move(op);
    co_return;
  }
  ++stats_.turns;
  auto typing = deps_.messenger.typing(in.chat_id);
  co_await std::move(typing);
  ProgressReply progress(deps_.executor, deps_.timers, deps_.messenger, in.chat_id,
                         options_.progress_throttle,
                         [s](std::string_view reply) { return texts::reply(*s, reply); });
  auto began = progress.begin(texts::progress(pipeline::step_progress(pipeline::Step::turn)));
  co_await std::move(began);
  pipeline::Pipeline pipe(scenario::to_deal(*s), {deps_.llm.client(*s), deps_.conversations, progress,
                                                  deps_.clock, deps_.tracer, &progress});
  trace::TraceAttributes attrs{
      options_.run_id,           "turn", s->id, session.turns + 1, std::to_string(in.user_id),
      std::to_string(in.chat_id)};
  auto op = pipe.run_turn(session.conversation_id, std::move(text), std::move(attrs));
  auto outcome = co_await std::move(op);
  if (!outcome) {
    ++stats_.failures;
    auto fields = where(in);
    fields.emplace_back("text", log::fingerprint(in.text));
    fields.emplace_back("error", log::redacted(outcome.error()));
    log::error("bot.turn_failed", fields);
    auto closing = progress.close(texts::pipeline_failed(outcome.error().code));
    co_await std::move(closing);
    co_return;
  }
  session.turns += 1;
  save(session);
}

asio::awaitable<void> ChatBot::debrief(const Incoming& in, ChatSession& session) {
  const scenario::Scenario* s = deps_.catalog.find(session.scenario);
  if (session.stage != Stage::negotiating || session.turns == 0 || s == nullptr) {
    auto op = say(in.chat_id, texts::nothing_to_debrief());
    co_await std::move(op);
    co_return;
  }
  ++stats_.debriefs;
  ProgressReply progress(deps_.executor, deps_.timers, deps_.messenger, in.chat_id,
                         options_.progress_throttle,
                         [](std::string_view text) { return telegram::escape_html(text); });
  auto began = progress.begin(texts::progress(pipeline::step_progress(pipeline::Step::debrief)));
  co_await std::move(began);
  pipeline::Pipeline pipe(scenario::to_deal(*s), {deps_.llm.client(*s), deps_.conversations, progress,
                                                  deps_.clock, deps_.tracer, &progress});
  trace::TraceAttributes attrs{options_.run_id,           "debrief", s->id, -1, std::to_string(in.user_id),
                               std::to_string(in.chat_id)};
  auto op = pipe.run_debrief(session.conversation_id, std::move(attrs));
  auto outcome = co_await std::move(op);
  std::string html = outcome ? texts::debrief(outcome->score_json, outcome->answer)
                             : texts::pipeline_failed(outcome.error().code);
  if (!outcome) {
    ++stats_.failures;
    auto fields = where(in);
    fields.emplace_back("error", log::redacted(outcome.error()));
    log::error("bot.debrief_failed", fields);
  }
  auto closing = progress.close(std::move(html));
  co_await std::move(closing);
  if (outcome) {
    session.stage = Stage::debriefed;
    save(session);
  }
}

}  // namespace dq::chat
