#include "bot/chat/admin_commands.hpp"

#include <random>

#include "bot/admin/admin_views.hpp"
#include "bot/pipeline/steps.hpp"
#include "bot/query/trace_views.hpp"
#include "bot/telegram/telegram_text.hpp"
#include "bot/trace/log.hpp"

namespace dq::chat {
namespace asio = boost::asio;
using telegram::escape_html;

namespace {

constexpr std::string_view kUsage =
    "<b>Admin commands</b>\n/admin traces\n/admin trace ID\n/admin stats\n/admin test SCENARIO";

std::string error_html(const core::Error& e) {
  return "⚠️ " + escape_html(e.to_string());
}

std::string new_nonce() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  for (int i = 0; i < 10; ++i) out += kDigits[rng() % 36];
  return out;
}

constexpr std::pair<int, const char*> kWindows[] = {{24, "last 24 h"}, {24 * 7, "last 7 d"}};

std::vector<std::string> step_order() {
  auto names = pipeline::all_step_names();
  return {names.begin(), names.end()};
}

}  // namespace

InlineKeyboard AdminCommands::pager(int page, int pages) {
  const int prev = page > 1 ? page - 1 : 1;
  const int next = page < pages ? page + 1 : pages;
  return {{InlineButton{"⬅️", make_traces_page(prev)},
           InlineButton{"Page " + std::to_string(page) + "/" + std::to_string(pages), make_traces_page(page)},
           InlineButton{"➡️", make_traces_page(next)}}};
}

asio::awaitable<void> AdminCommands::say(std::int64_t chat, std::string html) {
  auto op = messenger_.send(chat, std::move(html));
  auto sent = co_await std::move(op);
  if (!sent)
    log::warn("admin.send_failed", {{"chat", std::to_string(chat)}, {"error", log::redacted(sent.error())}});
}

asio::awaitable<void> AdminCommands::command(const Incoming& in, ChatSession& session) {
  std::string_view args = in.text;
  const auto space = args.find(' ');
  const std::string_view verb = args.substr(0, space);
  std::string_view rest = space == std::string_view::npos ? std::string_view() : args.substr(space + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  // A verb this bot knows is logged as such; anything else is text the admin typed: only its fingerprint.
  const bool known = verb == "traces" || verb == "trace" || verb == "stats" || verb == "test";
  log::info("admin.command", {{"chat", std::to_string(in.chat_id)},
                              {"user", std::to_string(in.user_id)},
                              {"verb", known ? std::string(verb) : log::fingerprint(verb)}});
  if (verb == "traces") {
    auto op = traces(in, 1, false);
    co_await std::move(op);
  } else if (verb == "trace" && !rest.empty()) {
    auto op = trace(in, rest);
    co_await std::move(op);
  } else if (verb == "stats") {
    auto op = stats(in);
    co_await std::move(op);
  } else if (verb == "test" && !rest.empty()) {
    auto op = test(in, rest, session);
    co_await std::move(op);
  } else {
    auto op = say(in.chat_id, std::string(kUsage));
    co_await std::move(op);
  }
}

asio::awaitable<void> AdminCommands::button(const Incoming& in, const ButtonAction& action,
                                            ChatSession& session, const SaveSession& save) {
  if (action.kind == ButtonAction::Kind::traces_page) {
    auto answered = messenger_.answer(in.callback_id);
    co_await std::move(answered);
    auto op = traces(in, action.traces.page, in.message_id != 0);
    co_await std::move(op);
  } else if (action.kind == ButtonAction::Kind::confirm_test) {
    auto op = confirm(in, action.confirm, session, save);
    co_await std::move(op);
  }
}

asio::awaitable<void> AdminCommands::traces(const Incoming& in, int page, bool edit) {
  auto result = query::trace_page(reader_, page, 10);
  if (!result) {
    auto op = say(in.chat_id, error_html(result.error()));
    co_await std::move(op);
    co_return;
  }
  std::string html = admin::render_trace_page(*result);
  InlineKeyboard keyboard = pager(result->page, result->pages);
  if (edit) {
    auto op = messenger_.edit(in.chat_id, in.message_id, std::move(html), std::move(keyboard));
    auto edited = co_await std::move(op);
    if (!edited)
      log::warn("admin.edit_failed",
                {{"chat", std::to_string(in.chat_id)}, {"error", log::redacted(edited.error())}});
  } else {
    auto op = messenger_.send(in.chat_id, std::move(html), std::move(keyboard));
    auto sent = co_await std::move(op);
    if (!sent)
      log::warn("admin.send_failed",
                {{"chat", std::to_string(in.chat_id)}, {"error", log::redacted(sent.error())}});
  }
}

asio::awaitable<void> AdminCommands::trace(const Incoming& in, std::string_view id) {
  auto result = query::trace_waterfall(reader_, id);
  if (!result || !*result) {
    auto op = say(in.chat_id,
                  result ? "No trace with id <code>" + escape_html(id) + "</code>. /admin traces lists them."
                         : error_html(result.error()));
    co_await std::move(op);
    co_return;
  }
  const std::string file = "trace-" + (*result)->trace.trace_id.substr(0, 16) + ".txt";
  auto op =
      send_long(messenger_, in.chat_id, admin::render_waterfall(**result), file,
                "Trace <code>" + escape_html((*result)->trace.trace_id) + "</code> (too long for messages)");
  auto sent = co_await std::move(op);
  if (!sent)
    log::warn("admin.send_failed",
              {{"chat", std::to_string(in.chat_id)}, {"error", log::redacted(sent.error())}});
}

asio::awaitable<void> AdminCommands::stats(const Incoming& in) {
  const std::int64_t now = clock_.wall_ms();
  std::vector<query::WindowStats> windows;
  for (const auto& [hours, label] : kWindows) {
    auto w = query::window_stats(reader_, now, std::chrono::hours(hours), label, step_order());
    if (!w) {
      auto op = say(in.chat_id, error_html(w.error()));
      co_await std::move(op);
      co_return;
    }
    windows.push_back(std::move(*w));
  }
  std::string html = admin::render_stats(windows);
  if (span_stats_) {
    const trace::SpanQueueStats q = span_stats_();
    const std::uint64_t lost = q.dropped + q.write_failed;
    html += "\n<b>traces since start</b>: " + std::to_string(q.written) + " spans written, " +
            std::to_string(lost) + " lost";
    if (lost > 0)
      html += " ⚠️ (" + std::to_string(q.dropped) + " dropped by a full queue, " +
              std::to_string(q.write_failed) + " the store refused" +
              (q.last_error.empty() ? std::string() : ": " + escape_html(q.last_error)) + ")";
    html += "\n";
  }
  auto op = send_long(messenger_, in.chat_id, std::move(html), "stats.txt", "Stats");
  auto sent = co_await std::move(op);
  if (!sent)
    log::warn("admin.send_failed",
              {{"chat", std::to_string(in.chat_id)}, {"error", log::redacted(sent.error())}});
}

asio::awaitable<void> AdminCommands::test(const Incoming& in, std::string_view scenario_id,
                                          ChatSession& session) {
  const scenario::Scenario* s = catalog_.find(scenario_id);
  if (tester_ == nullptr) {
    auto op = say(in.chat_id, "Scenario tests are not available in this bot.");
    co_await std::move(op);
    co_return;
  }
  if (s == nullptr) {
    // One id a line: a long catalogue is split between messages (or sent as a file) instead of refused.
    std::string known;
    for (const auto& sc : catalog_.all()) known += "\n<code>" + escape_html(sc.id) + "</code>";
    auto op = send_long(messenger_, in.chat_id,
                        "No scenario <code>" + escape_html(scenario_id) + "</code>. Known:" + known,
                        "scenarios.txt", "Known scenarios");
    auto sent = co_await std::move(op);
    if (!sent)
      log::warn("admin.send_failed",
                {{"chat", std::to_string(in.chat_id)}, {"error", log::redacted(sent.error())}});
    co_return;
  }
  auto planning = tester_->plan(*s);
  auto plan = co_await std::move(planning);
  if (!plan) {
    auto op = say(in.chat_id, error_html(plan.error()));
    co_await std::move(op);
    co_return;
  }
  const std::string nonce = new_nonce();
  session.pending = "test:" + s->id + ":" + plan->mode + ":" + plan->confirm_usd + ":" + nonce;
  InlineKeyboard keyboard{{InlineButton{"✅ Run it", make_confirm(nonce, true)},
                           InlineButton{"✖️ Cancel", make_confirm(nonce, false)}}};
  auto op = messenger_.send(
      in.chat_id, "<b>Test " + escape_html(s->id) + "</b>\n<pre>" + escape_html(plan->summary) + "</pre>",
      std::move(keyboard));
  auto sent = co_await std::move(op);
  if (!sent)
    log::warn("admin.send_failed",
              {{"chat", std::to_string(in.chat_id)}, {"error", log::redacted(sent.error())}});
}

asio::awaitable<void> AdminCommands::confirm(const Incoming& in, const ConfirmTest& c, ChatSession& session,
                                             const SaveSession& save) {
  // pending = "test:<scenario>:<mode>:<confirm_usd>:<nonce>"; only the latest plan's buttons count.
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    auto colon = session.pending.find(':', start);
    parts.push_back(session.pending.substr(start, colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (parts.size() != 5 || parts[0] != "test" || parts[4] != c.nonce || tester_ == nullptr) {
    auto op = messenger_.answer(in.callback_id, "That confirmation has expired.");
    co_await std::move(op);
    co_return;
  }
  session.pending.clear();
  if (!save(session)) {  // the store still holds the button's action: running now could run it twice
    auto op = messenger_.answer(in.callback_id, "Could not record the confirmation; nothing was run.");
    co_await std::move(op);
    co_return;
  }
  auto answered = messenger_.answer(in.callback_id, c.confirmed ? "Running…" : "Cancelled");
  co_await std::move(answered);
  const scenario::Scenario* s = catalog_.find(parts[1]);
  if (!c.confirmed || s == nullptr) {
    auto op = messenger_.edit(in.chat_id, in.message_id, "Test cancelled: nothing was run.");
    co_await std::move(op);
    co_return;
  }
  auto editing =
      messenger_.edit(in.chat_id, in.message_id,
                      "⏳ <i>Running " + escape_html(s->id) + " (" + escape_html(parts[2]) + ")…</i>");
  co_await std::move(editing);
  TestPlan plan{parts[2], {}, parts[3]};
  auto running = tester_->run(*s, plan);
  auto result = co_await std::move(running);
  std::string html = result
                         ? "<b>Test " + escape_html(s->id) + "</b>\n<pre>" + escape_html(*result) + "</pre>"
                         : error_html(result.error());
  auto op = send_long(messenger_, in.chat_id, std::move(html), "test-" + s->id + ".txt", "Test result");
  co_await std::move(op);
}

}  // namespace dq::chat
