#include "tests/support/fake_llm_replies.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

namespace dq::testing {
namespace {

using nlohmann::json;

std::set<std::string> words_of(std::string_view text) {
  std::set<std::string> words;
  std::string word;
  auto flush = [&] {
    if (word.size() >= 4) words.insert(word);
    word.clear();
  };
  for (char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c)))
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    else
      flush();
  }
  flush();
  return words;
}

std::vector<std::string> facts_of(std::string_view system) {
  std::vector<std::string> facts;
  while (!system.empty()) {
    const auto eol = system.find('\n');
    std::string_view line = system.substr(0, eol);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.starts_with("- ") && line.size() > 2) facts.emplace_back(line.substr(2));
    system.remove_prefix(eol == std::string_view::npos ? system.size() : eol + 1);
  }
  return facts;
}

std::string coach_reply() {
  const json debrief = {
      {"score", 6},
      {"strengths", {"You asked for the facts before you offered"}},
      {"improvements", {"Anchor earlier and trade each concession for something"}},
      {"advice", "Open with an ambitious anchor and make every concession smaller than the last."}};
  return debrief.dump();
}

// Only ever states terms it was given: the fact closest to what was asked, quoted as written.
std::string counterpart_reply(const Conversation& c) {
  const auto facts = facts_of(c.system);
  if (facts.empty()) return "Let me think about that. What would you propose?";
  const auto asked = words_of(c.last_user);
  std::size_t best = 0, best_common = 0;
  for (std::size_t i = 0; i < facts.size(); ++i) {
    std::size_t common = 0;
    for (const auto& w : words_of(facts[i])) common += asked.count(w);
    if (common > best_common) best_common = common, best = i;
  }
  const std::string& fact = facts[best];
  const bool ends_sentence = fact.ends_with('.') || fact.ends_with('!') || fact.ends_with('?');
  return "Let me be straight with you: " + fact + (ends_sentence ? "" : ".") + " Where does that leave you?";
}

// The first "$" amount in `text`, in dollars; 0 when none.
long long first_dollar_amount(std::string_view text) {
  for (auto dollar = text.find('$'); dollar != std::string_view::npos; dollar = text.find('$', dollar + 1)) {
    long long value = 0;
    bool any = false;
    for (std::size_t i = dollar + 1; i < text.size(); ++i) {
      if (text[i] == ',') continue;
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) break;
      value = value * 10 + (text[i] - '0');
      any = true;
    }
    if (any) return value;
  }
  return 0;
}

std::string dollars(long long value) {
  std::string digits = std::to_string(value / 100 * 100);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<std::size_t>(i), ",");
  return "$" + digits;
}

std::string trainee_reply(const Conversation& c) {
  const auto facts = facts_of(c.system);
  const int t = c.assistant_turns + 1;
  long long price = 0;
  for (const auto& f : facts)
    if ((price = first_dollar_amount(f)) > 0) break;
  const auto goal_at = c.system.find("Your goal");
  long long goal = goal_at == std::string::npos ? 0
                                                : first_dollar_amount(std::string_view(c.system).substr(
                                                      goal_at, c.system.find('\n', goal_at) - goal_at));
  if (goal == 0) goal = price * 9 / 10;
  const long long anchor = std::max(2 * goal - price, goal / 2);
  std::string message, status = "continue";
  if (t == 1 || (price == 0 && t < 4)) {
    message = facts.empty() ? "What can you tell me about the deal?"
                            : "Could you tell me more about this: " +
                                  facts[static_cast<std::size_t>(t - 1) % facts.size()] + "?";
  } else if (price == 0) {
    message = "Thank you, that is everything I wanted to know.";
    status = "nothing_left";
  } else if (t < 4) {
    message = "I propose " + dollars(t == 2 ? anchor : (anchor + goal) / 2) + ".";
  } else {
    message = "I can agree at " + dollars(goal) + ". Deal?";
    status = "deal";
  }
  return json{{"message", message}, {"status", status}}.dump();
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// The judge's rule: the transcript it is shown breaks character or it does not.
std::string judge_reply(const Conversation& c) {
  int scale = 10;
  if (const auto at = c.system.find("integer 0-"); at != std::string::npos)
    scale = std::max(1, std::atoi(c.system.c_str() + at + 10));
  const std::string shown = lowercase(c.last_user.substr(0, c.last_user.rfind("\nRubric:")));
  for (const char* tell : {"as an ai", "language model"})
    if (shown.find(tell) != std::string::npos)
      return json{{"score", scale / 5},
                  {"reasoning", std::string("The counterpart breaks character (\"") + tell + "\")."}}
          .dump();
  return json{{"score", scale * 8 / 10},
              {"reasoning", "The counterpart stays in character and states only the facts it was given."}}
      .dump();
}

constexpr std::string_view kRoleNames[] = {"counterpart", "coach", "trainee", "judge"};

// An entry answers the latest turn only: its match is looked for in the last user message, never in the
// system prompt (the same facts on every turn) or in earlier turns, which would answer a later turn with an
// earlier turn's reply.
bool applies(const ScriptedReply& r, const Conversation& c, Role role) {
  if (!r.agent.empty() && r.agent != kRoleNames[static_cast<int>(role)]) return false;
  return r.match.empty() || c.last_user.find(r.match) != std::string::npos;
}

struct Price {
  const char* family;  // substring of the model id with dots as dashes
  double input_per_mtok, output_per_mtok;
};

// Most specific first (protocols.md §3.6).
constexpr Price kPrices[] = {{"opus-5-5", 4, 20},     {"sonnet-5", 2, 10},  {"haiku-5-5", 0.1, 0.5},
                             {"fable", 10, 50},       {"opus-4-1", 15, 75}, {"haiku-3-5", 0.8, 4},
                             {"haiku-3", 0.25, 1.25}, {"haiku", 1, 5},      {"opus", 5, 25}};

}  // namespace

std::expected<std::vector<ScriptedReply>, std::string> parse_scripted_replies(std::string_view json_text,
                                                                              const std::string& source) {
  const json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return std::unexpected(source + ": not valid JSON");
  if (!doc.is_object() || !doc.contains("responses") || !doc["responses"].is_array())
    return std::unexpected(source + ": expected {\"responses\": [{\"match\", \"agent\", \"text\"}, ...]}");
  std::vector<ScriptedReply> replies;
  for (std::size_t i = 0; i < doc["responses"].size(); ++i) {
    const json& entry = doc["responses"][i];
    const std::string where = source + ": responses[" + std::to_string(i) + "]";
    if (!entry.is_object()) return std::unexpected(where + ": not an object");
    for (const auto& [key, value] : entry.items()) {
      if (key != "match" && key != "agent" && key != "text")
        return std::unexpected(where + ": unknown key '" + key + "'");
      if (!value.is_string()) return std::unexpected(where + ": '" + key + "' must be a string");
    }
    if (!entry.contains("text")) return std::unexpected(where + ": 'text' is required");
    ScriptedReply reply{entry.value("match", ""), entry.value("agent", ""), entry["text"].get<std::string>()};
    if (!reply.agent.empty() &&
        std::find(std::begin(kRoleNames), std::end(kRoleNames), reply.agent) == std::end(kRoleNames))
      return std::unexpected(where +
                             ": 'agent' must be \"counterpart\", \"coach\", \"trainee\" or \"judge\"");
    replies.push_back(std::move(reply));
  }
  return replies;
}

Role role_of(const Conversation& c) {
  if (c.system.find("negotiation coach") != std::string::npos) return Role::coach;
  if (c.system.find("You are a trainee practising") != std::string::npos) return Role::trainee;
  if (c.system.find("You evaluate a negotiation practice bot") != std::string::npos) return Role::judge;
  return Role::counterpart;
}

std::string reply_text(const Conversation& c, const std::vector<ScriptedReply>& replies) {
  const Role role = role_of(c);
  for (const auto& r : replies)
    if (applies(r, c, role)) return r.text;
  switch (role) {
    case Role::coach:
      return coach_reply();
    case Role::trainee:
      return trainee_reply(c);
    case Role::judge:
      return judge_reply(c);
    default:
      return counterpart_reply(c);
  }
}

std::int64_t estimate_tokens(std::string_view text) {
  return text.empty() ? 0 : static_cast<std::int64_t>((text.size() + 3) / 4);
}

double cost_usd(std::string_view model, std::int64_t input_tokens, std::int64_t output_tokens) {
  std::string id(model);
  std::replace(id.begin(), id.end(), '.', '-');
  Price price{"sonnet", 3, 15};
  for (const auto& p : kPrices)
    if (id.find(p.family) != std::string::npos) {
      price = p;
      break;
    }
  return (static_cast<double>(input_tokens) * price.input_per_mtok +
          static_cast<double>(output_tokens) * price.output_per_mtok) /
         1e6;
}

}  // namespace dq::testing
