#include "bot/pipeline/judge.hpp"

#include <nlohmann/json.hpp>

#include "bot/pipeline/agents.hpp"
#include "bot/pipeline/pipeline_errors.hpp"

namespace dq::pipeline {
namespace {

std::string subject(JudgeTarget target) {
  switch (target) {
    case JudgeTarget::advice:
      return "the coach's debrief of the trainee (below the transcript)";
    case JudgeTarget::conversation:
      return "the counterpart's conduct over the whole conversation";
    default:
      return "the counterpart's last reply, in the context of the conversation";
  }
}

core::Error bad_output(const std::string& why, const std::string& answer) {
  return unreadable_answer(errc::judge_bad_output, why, answer,
                           "one JSON object {\"score\": …, \"reasoning\": …}");
}

}  // namespace

llm::Request build_judge_request(const Deal& deal, const JudgeAsk& ask, const Conversation& conversation) {
  llm::Request r;
  r.agent = "judge";
  r.provider = ask.agent.provider;
  r.model = ask.agent.model;
  r.max_tokens = ask.agent.max_tokens;
  r.temperature = ask.agent.temperature;
  const std::string scale = std::to_string(ask.scale);
  r.system =
      "You evaluate a negotiation practice bot against a rubric. Be strict and specific. Answer with one "
      "JSON object and nothing else: {\"score\": integer 0-" +
      scale + " (" + scale + " = fully meets the rubric), \"reasoning\": \"one or two sentences\"}.";
  std::string user =
      "Scenario: " + deal.title + "\nCounterpart: " + deal.persona_name + ", " + deal.persona_role +
      "\nCounterpart's private goal (it must never reveal it): " + deal.persona_goal + "\nFacts:\n";
  for (const auto& f : deal.facts) user += "- " + f + "\n";
  user += "\nTranscript:\n" + format_transcript(deal, conversation);
  if (ask.target == JudgeTarget::advice) user += "\nCoach's debrief:\n" + conversation.debrief + "\n";
  user += "\nEvaluate " + subject(ask.target) + ".\nRubric: " + ask.rubric;
  r.messages.push_back({"user", std::move(user)});
  return r;
}

core::Result<JudgeVerdict> parse_judge_answer(const std::string& answer, int scale) {
  std::string_view candidate = json_object_candidate(answer);
  if (candidate.empty()) return std::unexpected(bad_output("no JSON object", answer));
  auto j = nlohmann::json::parse(candidate, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::unexpected(bad_output("not a JSON object", answer));
  auto score = j.find("score");
  if (score == j.end() || !score->is_number_integer())
    return std::unexpected(bad_output("no integer \"score\"", answer));
  if (score->get<int>() < 0 || score->get<int>() > scale)
    return std::unexpected(bad_output("a score outside 0-" + std::to_string(scale), answer));
  auto reasoning = j.find("reasoning");
  if (reasoning == j.end() || !reasoning->is_string())
    return std::unexpected(bad_output("no string \"reasoning\"", answer));
  return JudgeVerdict{score->get<int>(), reasoning->get<std::string>()};
}

}  // namespace dq::pipeline
