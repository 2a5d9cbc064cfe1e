#include "bot/pipeline/trainee.hpp"

#include <array>
#include <nlohmann/json.hpp>

#include "bot/pipeline/agents.hpp"
#include "bot/pipeline/pipeline_errors.hpp"

namespace dq::pipeline {
namespace {

constexpr std::array<std::pair<TraineeStatus, std::string_view>, 4> kStatuses{{
    {TraineeStatus::go_on, "continue"},
    {TraineeStatus::deal, "deal"},
    {TraineeStatus::walked_away, "walked_away"},
    {TraineeStatus::nothing_left, "nothing_left"},
}};

core::Error bad_output(const std::string& why, const std::string& answer) {
  return unreadable_answer(errc::trainee_bad_output, why, answer,
                           "one JSON object {\"message\": …, \"status\": …}");
}

}  // namespace

std::string_view to_string(TraineeStatus status) {
  return kStatuses[static_cast<std::size_t>(status)].second;
}

llm::Request build_trainee_request(const Deal& deal, const TraineeBrief& brief,
                                   const Conversation& conversation) {
  llm::Request r;
  r.agent = "trainee";
  r.provider = brief.agent.provider;
  r.model = brief.agent.model;
  r.max_tokens = brief.agent.max_tokens;
  r.temperature = brief.agent.temperature;
  std::string s = "You are a trainee practising a negotiation: " + deal.title + ". You are talking to " +
                  deal.persona_name + ", " + deal.persona_role + ".\n";
  s += "Your goal (private, never say it outright): " + brief.goal + ".\n";
  if (!brief.style.empty()) s += "Your style: " + brief.style + ".\n";
  s += "\nWhat you know of the deal:\n";
  for (const auto& f : deal.facts) s += "- " + f + "\n";
  s +=
      "\nSay one short message at a time, as a person would in a chat. Answer with one JSON object and "
      "nothing else: {\"message\": \"what you say next\", \"status\": \"continue\"}. Set status to \"deal\" "
      "once terms are agreed, \"walked_away\" when you end without a deal, or \"nothing_left\" when there is "
      "nothing more to say; the message is then your last line.";
  r.system = std::move(s);
  // Seen from the trainee's side: the counterpart speaks first (its opening, or a cue to begin).
  r.messages.push_back(
      {"user", deal.opening.empty() ? "(The negotiation begins. Say your first line.)" : deal.opening});
  for (const auto& m : conversation.messages) {
    if (m.role == "user") {
      r.messages.push_back({"assistant", trainee_json({m.content, TraineeStatus::go_on})});
    } else {
      r.messages.push_back({"user", m.content});
    }
  }
  return r;
}

core::Result<TraineeMove> parse_trainee_answer(const std::string& answer) {
  std::string_view candidate = json_object_candidate(answer);
  if (candidate.empty()) return std::unexpected(bad_output("no JSON object", answer));
  auto j = nlohmann::json::parse(candidate, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::unexpected(bad_output("not a JSON object", answer));
  auto message = j.find("message");
  if (message == j.end() || !message->is_string())
    return std::unexpected(bad_output("no string \"message\"", answer));
  auto status = j.find("status");
  if (status == j.end() || !status->is_string())
    return std::unexpected(bad_output("no string \"status\"", answer));
  TraineeMove move{message->get<std::string>(), TraineeStatus::go_on};
  const auto* known = std::find_if(kStatuses.begin(), kStatuses.end(),
                                   [&](const auto& s) { return s.second == status->get<std::string>(); });
  if (known == kStatuses.end()) return std::unexpected(bad_output("an unknown \"status\"", answer));
  move.status = known->first;
  if (move.status == TraineeStatus::go_on && move.message.empty())
    return std::unexpected(bad_output("an empty \"message\" with status \"continue\"", answer));
  return move;
}

std::string trainee_json(const TraineeMove& move) {
  return nlohmann::json{{"message", move.message}, {"status", to_string(move.status)}}.dump();
}

}  // namespace dq::pipeline
