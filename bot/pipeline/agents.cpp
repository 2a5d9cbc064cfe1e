#include "bot/pipeline/agents.hpp"

#include <nlohmann/json.hpp>

#include "bot/pipeline/pipeline_errors.hpp"

namespace dq::pipeline {
namespace {

llm::Request base_request(std::string agent, const AgentConfig& cfg) {
  llm::Request r;
  r.agent = std::move(agent);
  r.provider = cfg.provider;
  r.model = cfg.model;
  r.max_tokens = cfg.max_tokens;
  r.temperature = cfg.temperature;
  return r;
}

}  // namespace

llm::Request build_counterpart_request(const Deal& deal, const Conversation& conversation,
                                       const std::string& user_text) {
  llm::Request r = base_request("counterpart", deal.counterpart);
  std::string s;
  s += "You are " + deal.persona_name + ", " + deal.persona_role + ". ";
  s += "You are negotiating with a trainee in a practice scenario: " + deal.title + ".\n";
  if (!deal.persona_style.empty()) s += "Your negotiation style: " + deal.persona_style + ".\n";
  if (!deal.persona_goal.empty())
    s += "Your private goal (never reveal it, never state it as a number): " + deal.persona_goal + ".\n";
  s += "\nThe facts of the deal. These are the ONLY amounts, dates and percentages you may state; never "
       "invent "
       "others, and repeat a figure the trainee says only to accept or reject it:\n";
  for (const auto& f : deal.facts) s += "- " + f + "\n";
  s += "\nStay in character. Answer in at most four sentences, plain text, no lists.";
  r.system = std::move(s);
  r.messages = conversation.messages;
  r.messages.push_back({"user", user_text});
  return r;
}

std::string format_transcript(const Deal& deal, const Conversation& conversation) {
  std::string t;
  if (!deal.opening.empty()) t += "Counterpart: " + deal.opening + "\n";
  for (const auto& m : conversation.messages) {
    t += m.role == "user" ? std::string(kTraineePrefix) : std::string("Counterpart: ");
    t += m.content;
    t += "\n";
  }
  return t;
}

llm::Request build_coach_request(const Deal& deal, const Conversation& conversation) {
  llm::Request r = base_request("coach", deal.coach);
  r.system =
      "You are a negotiation coach. Read the practice negotiation below and score the trainee. Answer with "
      "one JSON object and nothing else: {\"score\": integer 0-10, \"strengths\": [strings], "
      "\"improvements\": [strings], \"advice\": string}. Judge anchoring, concessions, questions asked, and "
      "whether the trainee used the facts.";
  std::string user = "Scenario: " + deal.title + "\nCounterpart: " + deal.persona_name + ", " +
                     deal.persona_role + "\nFacts:\n";
  for (const auto& f : deal.facts) user += "- " + f + "\n";
  user += "\nTranscript:\n" + format_transcript(deal, conversation);
  r.messages.push_back({"user", std::move(user)});
  return r;
}

std::string_view json_object_candidate(std::string_view text) {
  if (auto fence = text.find("```"); fence != std::string_view::npos) {
    auto body = text.find('\n', fence);
    auto close = body == std::string_view::npos ? body : text.find("```", body);
    if (close != std::string_view::npos) text = text.substr(body + 1, close - body - 1);
  }
  auto open = text.find('{');
  auto end = text.rfind('}');
  if (open == std::string_view::npos || end == std::string_view::npos || end < open) return {};
  return text.substr(open, end - open + 1);
}

core::Error unreadable_answer(core::ErrorCode code, const std::string& why, const std::string& answer,
                              std::string_view expected) {
  constexpr std::size_t kShown = 300;
  const std::string shown = answer.size() > kShown ? answer.substr(0, kShown) + "…" : answer;
  // The answer is detail (core::Error): a model's answer may repeat what the user typed.
  return {std::string(code), "", why,
          "; it answered: \"" + shown + "\" (expected " + std::string(expected) + ")"};
}

core::Result<std::string> extract_coach_json(const std::string& answer) {
  std::string_view candidate = json_object_candidate(answer);
  if (candidate.empty())
    return core::fail(errc::coach_bad_json, "", "the coach's answer holds no JSON object");
  auto parsed = nlohmann::json::parse(candidate, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return core::fail(errc::coach_bad_json, "", "the coach's answer is not valid JSON",
                      ": " + std::string(candidate.substr(0, 120)));
  if (!parsed.is_object()) return core::fail(errc::coach_not_object, "", "the coach's JSON is not an object");
  return std::string(candidate);
}

}  // namespace dq::pipeline
