#pragma once
// Everything the bot says that is not an LLM's answer, as Telegram HTML. Pure; user and LLM text is escaped
// here, so handlers never build HTML by hand.

#include <string>
#include <string_view>

#include "bot/scenario/scenario.hpp"

namespace dq::chat::texts {

inline constexpr std::size_t kMaxUserText = 2000;  // characters of one negotiation message

std::string welcome();
std::string help(bool admin);
std::string chosen(const scenario::Scenario& s);  // the scenario's brief, then its opening line
std::string reply(const scenario::Scenario& s, std::string_view counterpart_text);
std::string progress(std::string_view step_text);
// The coach's answer: score, strengths, improvements and advice from its JSON, or its raw text when it had
// no usable JSON.
std::string debrief(std::string_view score_json, std::string_view raw_answer);

std::string not_negotiating();     // text arrived but no scenario is running
std::string nothing_to_debrief();  // /debrief before any turn
std::string cancelled(bool had_scenario);
std::string unknown_command(std::string_view command);
std::string unsupported_message();  // stickers, photos, ...
std::string too_long(std::size_t limit);
std::string stale_button();  // forged or outdated button data
// Text after the menu that picks no scenario (the menu is sent again under it).
std::string not_a_choice(std::size_t count);
// /start with a negotiation under way, and the two answers.
std::string start_over_question(const scenario::Scenario& s);
std::string start_over_yes();
std::string start_over_no();
std::string going_on(const scenario::Scenario& s);         // after "No": the negotiation goes on
std::string not_text_message();                            // invalid UTF-8 or control characters
std::string html_message();                                // HTML tags in a negotiation message
std::string pipeline_failed(std::string_view error_code);  // a budget stop gets its own words
std::string admin_refused();

}  // namespace dq::chat::texts
