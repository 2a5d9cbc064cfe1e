#pragma once
// The scenario model: what a YAML file in scenarios/ says, after validation (scenarios/README.md documents
// the format). Plain data; the parser (scenario_parser.hpp) is the only code that builds it from YAML.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dq::scenario {

// Where something was written, for error messages: "file:line:column" (1-based).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string to_string() const;
};

struct Persona {
  std::string name;
  std::string role;
  std::string style;  // how the counterpart negotiates
  std::string goal;   // what the counterpart wants out of the deal (private to the counterpart)
};

struct AgentSettings {
  std::string provider = "anthropic";  // "anthropic" | "openrouter"
  std::string model;
  int max_tokens = 0;
  std::optional<double> temperature;  // not sent unless set
  std::optional<std::string> anthropic_version;
  SourceLocation where = {};  // the `model:` value, where an unknown model is reported
};

// One entry of `json_shape`: the type a field of the coach's JSON must have, and bounds for numbers.
struct JsonField {
  std::string name;
  std::string type;  // "integer" | "number" | "string" | "boolean" | "array" | "object"
  std::optional<double> min;
  std::optional<double> max;
  std::optional<int> min_items;  // arrays
  bool required = true;
};

// An LLM-judge check: a rubric the judge scores from 0 to `scale`; it passes when the median of `samples`
// verdicts is at least `threshold`. Costs money; in --dry-run it is not evaluated unless `mock_verdict` gives
// the score the judge would have given (so a failing judge can be shown for free).
struct JudgeSpec {
  std::string rubric;
  int threshold = 7;
  int scale = 10;
  int samples = 1;
  std::optional<int> mock_verdict;
  SourceLocation where;
};

// The judge agent when a scenario's `agents:` names none.
inline constexpr const char* kDefaultJudgeProvider = "anthropic";
inline constexpr const char* kDefaultJudgeModel = "claude-haiku-4-5";
inline constexpr int kDefaultJudgeMaxTokens = 300;

struct TurnExpect {
  std::vector<std::string> contains;      // case-insensitive substrings that must appear
  std::vector<std::string> not_contains;  // case-insensitive substrings that must not appear
  std::vector<std::string> regex;         // ECMAScript regexes, each must match somewhere
  std::optional<std::int64_t> max_latency_ms;
  std::optional<std::int64_t> max_output_tokens;
  std::optional<double> max_cost_usd;
  bool faithful = true;            // no invented amounts, dates or percentages
  bool no_leak = true;             // nothing of the persona's private goal unless already said
  std::optional<JudgeSpec> judge;  // on the reply, in the context of the conversation so far
  SourceLocation where;
};

struct Turn {
  std::string user;                       // what the trainee says
  std::optional<std::string> mock_reply;  // dry-run only: the counterpart says exactly this
  TurnExpect expect;
  SourceLocation where;
};

struct DebriefExpect {
  std::vector<JsonField> json_shape;  // the coach's score must be a JSON object of this shape
  std::optional<double> min_score;    // `score` field at least this
  std::optional<double> max_score;
  std::vector<std::string> contains;  // in the coach's advice text (case-insensitive)
  std::optional<std::int64_t> max_latency_ms;
  std::optional<JudgeSpec> judge;  // on the coach's answer
  SourceLocation where;
};

struct Debrief {
  std::optional<std::string> mock_reply;  // dry-run only: the coach answers exactly this
  DebriefExpect expect;
  SourceLocation where;
};

// An LLM-played trainee (synthetic conversations), after the scripted turns or instead of them. Each of its
// messages is an LLM call (step llm.trainee) in the turn's trace; --dry-run plays a deterministic trainee.
struct SimulatedUser {
  std::string goal;     // private to the trainee: what it wants out of the deal
  std::string style;    // how it negotiates, optional
  std::string opening;  // its first message, said verbatim (no call), optional
  int max_turns = 0;    // hard cap on its messages
  AgentSettings agent;
  SourceLocation where;
};

struct DryRunSettings {
  std::int64_t latency_ms = 0;  // simulated LLM latency (a timer; no socket)
};

struct Scenario {
  std::string id;  // [a-z0-9-], unique across the files loaded together
  std::string title;
  std::string pipeline = "negotiation";
  std::vector<std::string> tags;
  Persona persona;
  std::vector<std::string> facts;               // the only deal terms the counterpart may state
  std::map<std::string, AgentSettings> agents;  // "counterpart", "coach", and "judge" when given
  std::string opening;  // the counterpart's first line (shown before turn 1), optional
  std::vector<Turn> turns;
  std::optional<SimulatedUser> simulated_user;
  std::optional<TurnExpect> expect_each_turn;  // applied to every counterpart reply, scripted or simulated
  std::optional<Debrief> debrief;
  std::vector<JudgeSpec> conversation_judge;  // on the whole conversation, after the debrief
  DryRunSettings dry_run;
  SourceLocation where;     // the file, line 1 column 1
  SourceLocation id_where;  // the `id:` value, where a duplicate id across files is reported
};

}  // namespace dq::scenario
