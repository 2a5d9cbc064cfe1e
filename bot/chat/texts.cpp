#include "bot/chat/texts.hpp"

#include <nlohmann/json.hpp>

#include "bot/cost/cost_errors.hpp"
#include "bot/http/http_errors.hpp"
#include "bot/telegram/telegram_text.hpp"

namespace dq::chat::texts {
namespace {

using telegram::escape_html;

std::string list_of(const nlohmann::json& items) {
  std::string out;
  for (const auto& item : items)
    if (item.is_string()) out += "• " + escape_html(item.get<std::string>()) + "\n";
  return out;
}

}  // namespace

std::string welcome() {
  return "<b>Welcome to DealQuest!</b> Practise a negotiation against an AI counterpart, then get scored by "
         "a "
         "coach.\n\nChoose a scenario:";
}

std::string help(bool admin) {
  std::string out =
      "<b>How it works</b>\n"
      "/start: choose a scenario\n"
      "Then write to your counterpart as you would in a real negotiation.\n"
      "/debrief: end the negotiation and get your score and advice\n"
      "/cancel: drop the current negotiation\n"
      "/help: this message";
  if (admin)
    out +=
        "\n\n<b>Admin</b>\n"
        "/admin traces: newest traces, 10 per page\n"
        "/admin trace ID: one trace's step waterfall\n"
        "/admin stats: latency, errors, tokens and cost for 24 h and 7 d\n"
        "/admin test SCENARIO: run a scenario test (asks before spending)";
  return out;
}

std::string chosen(const scenario::Scenario& s) {
  std::string out = "<b>" + escape_html(s.title) + "</b>\nYou are negotiating with <b>" +
                    escape_html(s.persona.name) + "</b>, " + escape_html(s.persona.role) + ".";
  if (!s.opening.empty()) out += "\n\n<b>" + escape_html(s.persona.name) + "</b>: " + escape_html(s.opening);
  out += "\n\n<i>Write your first message. /debrief when you are done.</i>";
  return out;
}

std::string reply(const scenario::Scenario& s, std::string_view counterpart_text) {
  return "<b>" + escape_html(s.persona.name) + "</b>: " + escape_html(counterpart_text);
}

std::string progress(std::string_view step_text) {
  return "⏳ <i>" + escape_html(step_text) + "</i>";
}

std::string debrief(std::string_view score_json, std::string_view raw_answer) {
  auto doc = nlohmann::json::parse(score_json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return "<b>Debrief</b>\n" + escape_html(raw_answer) + "\n\n/start to practise again.";
  std::string out = "<b>Debrief</b>";
  if (doc.contains("score") && doc["score"].is_number())
    out += "\nScore: <b>" + std::to_string(doc["score"].get<int>()) + "/10</b>";
  if (doc.contains("strengths") && doc["strengths"].is_array() && !doc["strengths"].empty())
    out += "\n\n<b>What went well</b>\n" + list_of(doc["strengths"]);
  if (doc.contains("improvements") && doc["improvements"].is_array() && !doc["improvements"].empty())
    out += "\n<b>What to improve</b>\n" + list_of(doc["improvements"]);
  if (doc.contains("advice") && doc["advice"].is_string())
    out += "\n<b>Advice</b>\n" + escape_html(doc["advice"].get<std::string>());
  out += "\n\n/start to practise again.";
  return out;
}

std::string not_negotiating() {
  return "No negotiation is running. Send /start to choose a scenario.";
}

std::string nothing_to_debrief() {
  return "There is nothing to score yet: choose a scenario with /start and make at least one offer.";
}

std::string cancelled(bool had_scenario) {
  return had_scenario ? "Negotiation cancelled. /start to choose another scenario."
                      : "Nothing to cancel. /start to choose a scenario.";
}

std::string unknown_command(std::string_view command) {
  return "I don't know /" + escape_html(command) + ". /help lists what I can do.";
}

std::string unsupported_message() {
  return "I can only read text messages. Please write your offer in words.";
}

std::string too_long(std::size_t limit) {
  return "That message is too long for one negotiation turn (the limit is " + std::to_string(limit) +
         " characters). Please make your point in a shorter message.";
}

std::string stale_button() {
  return "That button is no longer valid.";
}

std::string not_a_choice(std::size_t count) {
  return "That is not one of the scenarios: press a button below, or type a number from 1 to " +
         std::to_string(count) + ".\n\nChoose a scenario:";
}

std::string start_over_question(const scenario::Scenario& s) {
  return "You are negotiating <b>" + escape_html(s.title) +
         "</b>. Start over? Starting over drops this negotiation; /debrief scores it first.";
}

std::string start_over_yes() {
  return "Yes, start over";
}

std::string start_over_no() {
  return "No, go on";
}

std::string going_on(const scenario::Scenario& s) {
  return "Let's go on with <b>" + escape_html(s.title) + "</b>: write your next message to <b>" +
         escape_html(s.persona.name) + "</b>, or /debrief when you are done.";
}

std::string not_text_message() {
  return "That message has bytes that are not text (invalid UTF-8 or control characters), so I did not "
         "pass it on. Please write your offer in plain words.";
}

std::string html_message() {
  return "That message contains HTML tags, and I only read plain text, so I did not pass it on. Please "
         "write your offer in plain words.";
}

std::string pipeline_failed(std::string_view error_code) {
  if (error_code == cost::errc::budget_exceeded)
    return "This bot has used up its practice budget for now, so I cannot answer. Your negotiation is saved; "
           "please try again later.";
  if (error_code ==
      http::errc::cancelled)  // the bot is shutting down: the update is answered again after restart
    return "The bot is restarting, so this answer was cut short. Your negotiation is saved; it will answer "
           "once it is back.";
  return "Sorry, something went wrong on my side (" + escape_html(error_code) +
         "). Your negotiation is saved; please try again in a moment.";
}

std::string admin_refused() {
  return "Sorry, admin commands are only for the bot's administrators.";
}

}  // namespace dq::chat::texts
