#include "bot/scenario/scenario_builder.hpp"

#include <algorithm>
#include <climits>
#include <regex>

#include "bot/scenario/scenario_errors.hpp"

namespace dq::scenario::detail {
namespace {

// Longer regexes are refused before std::regex sees them: its compiler recurses on nesting.
constexpr std::size_t kMaxRegexLength = 1000;

std::string quoted(const Field& f) {
  return "'" + describe_path(f.path) + "'";
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  const auto ok = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (!first && c == '-');
  };
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (!ok(id[i], i == 0)) return false;
  }
  return true;
}

// Turns a checked YAML tree into a Scenario. Every read reports its own problems to the NodeReader and leaves
// the default in place, so one pass finds all mistakes.
class ScenarioBuilder {
 public:
  explicit ScenarioBuilder(NodeReader& reader) : r_(reader) {}

  Scenario build(const Field& root) {
    Scenario s;
    s.where = {r_.where(root.node).file, 1, 1};
    auto m =
        r_.map(root, {"id", "title", "pipeline", "tags", "persona", "facts", "agents", "opening", "turns",
                      "simulated_user", "expect_each_turn", "debrief", "conversation_judge", "dry_run"});
    if (!m) return s;
    if (auto f = r_.require(*m, "id")) {
      s.id_where = r_.where(*f);
      if (auto id = r_.string(*f)) {
        if (is_valid_id(*id)) {
          s.id = *id;
        } else {
          r_.invalid(*f, "invalid id '" + shorten(*id) +
                             "': use 1 to 64 characters a-z, 0-9 and '-', not starting with '-'");
        }
      }
    }
    text(r_.require(*m, "title"), s.title);
    if (auto f = m->get("pipeline")) {
      if (auto p = r_.string(*f)) {
        if (*p == "negotiation") {
          s.pipeline = *p;
        } else {
          r_.invalid(*f, "unknown pipeline '" + shorten(*p) + "'; the only pipeline is 'negotiation'");
        }
      }
    }
    if (auto f = m->get("tags")) s.tags = r_.strings(*f, false).value_or(std::vector<std::string>{});
    if (auto f = r_.require(*m, "persona")) s.persona = persona(*f);
    if (auto f = r_.require(*m, "facts")) s.facts = facts(*f);
    if (auto f = r_.require(*m, "agents")) s.agents = agents(*f);
    if (auto f = m->get("opening")) s.opening = r_.string(*f).value_or("");
    if (auto f = m->get("turns")) {
      s.turns = turns(*f);
    } else if (!m->has("simulated_user")) {
      r_.report(errc::missing, r_.where_key(m->self()),
                "missing required key 'turns' in scenario (give scripted turns, or a simulated_user)");
    }
    if (auto f = m->get("simulated_user")) s.simulated_user = simulated_user(*f);
    if (auto f = m->get("expect_each_turn")) s.expect_each_turn = turn_expect(*f);
    if (auto f = m->get("debrief")) s.debrief = debrief(*f);
    if (auto f = m->get("conversation_judge")) s.conversation_judge = judges(*f);
    if (auto f = m->get("dry_run")) {
      if (auto d = r_.map(*f, {"latency_ms"})) {
        if (auto l = d->get("latency_ms")) s.dry_run.latency_ms = non_negative(*l).value_or(0);
      }
    }
    return s;
  }

 private:
  // A required, non-empty string.
  void text(const std::optional<Field>& f, std::string& out) {
    if (!f) return;
    if (auto v = r_.string(*f)) {
      if (v->empty()) {
        r_.invalid(*f, quoted(*f) + " must not be empty");
      } else {
        out = std::move(*v);
      }
    }
  }
  void optional_text(const MapView& m, std::string_view key, std::optional<std::string>& out) {
    if (auto f = m.get(key)) {
      std::string v;
      text(f, v);
      if (!v.empty()) out = std::move(v);
    }
  }

  std::optional<std::int64_t> non_negative(const Field& f) {
    auto v = r_.integer(f);
    if (v && *v < 0) {
      r_.invalid(f, quoted(f) + " must be >= 0, got " + std::to_string(*v));
      return std::nullopt;
    }
    return v;
  }
  std::optional<std::int64_t> positive(const Field& f, std::int64_t max = INT64_MAX) {
    auto v = r_.integer(f);
    if (v && (*v <= 0 || *v > max)) {
      r_.invalid(f,
                 quoted(f) + " must be between 1 and " + std::to_string(max) + ", got " + std::to_string(*v));
      return std::nullopt;
    }
    return v;
  }

  Persona persona(const Field& f) {
    Persona p;
    auto m = r_.map(f, {"name", "role", "style", "goal"});
    if (!m) return p;
    text(r_.require(*m, "name"), p.name);
    text(r_.require(*m, "role"), p.role);
    if (auto s = m->get("style")) text(s, p.style);
    if (auto g = m->get("goal")) text(g, p.goal);
    return p;
  }

  std::vector<std::string> facts(const Field& f) {
    auto items = r_.string_fields(f, false);
    if (!items) return {};
    if (items->empty())
      r_.invalid(f, "'facts' must list at least one fact: the only deal terms the counterpart may state");
    std::vector<std::string> out;
    for (const Field& item : *items) {
      if (item.node.Scalar().empty()) r_.invalid(item, quoted(item) + " must not be empty");
      out.push_back(item.node.Scalar());
    }
    return out;
  }

  AgentSettings agent(const Field& f) {
    AgentSettings a;
    auto m = r_.map(f, {"provider", "model", "max_tokens", "temperature", "anthropic_version"});
    if (!m) return a;
    if (auto p = m->get("provider")) {
      if (auto v = r_.string(*p)) {
        if (*v == "anthropic" || *v == "openrouter") {
          a.provider = *v;
        } else {
          r_.invalid(*p, "unknown provider '" + shorten(*v) + "' for " + quoted(*p) +
                             "; expected anthropic or openrouter");
        }
      }
    }
    const std::optional<Field> model = r_.require(*m, "model");
    if (model) a.where = r_.where(*model);
    text(model, a.model);
    if (auto t = r_.require(*m, "max_tokens"))
      a.max_tokens = static_cast<int>(positive(*t, INT_MAX).value_or(0));
    if (auto t = m->get("temperature")) {
      if (auto v = r_.number(*t)) {
        if (*v < 0 || *v > 2) {
          r_.invalid(*t, quoted(*t) + " must be between 0 and 2, got " + t->node.Scalar());
        } else {
          a.temperature = *v;
        }
      }
    }
    optional_text(*m, "anthropic_version", a.anthropic_version);
    return a;
  }

  std::map<std::string, AgentSettings> agents(const Field& f) {
    std::map<std::string, AgentSettings> out;
    auto m = r_.map(f, {"counterpart", "coach", "judge"});
    if (!m) return out;
    for (const char* role : {"counterpart", "coach"}) {
      if (auto a = r_.require(*m, role)) out[role] = agent(*a);
    }
    if (auto a = m->get("judge")) out["judge"] = agent(*a);
    return out;
  }

  // `contains`-style lists: a string or a list of strings, none empty (an empty one matches everything).
  std::vector<std::string> needles(const Field& f) {
    auto items = r_.string_fields(f, true);
    if (!items) return {};
    std::vector<std::string> out;
    for (const Field& item : *items) {
      if (item.node.Scalar().empty())
        r_.invalid(item, "an empty string in " + quoted(f) + " matches everything");
      out.push_back(item.node.Scalar());
    }
    return out;
  }

  std::vector<std::string> regexes(const Field& f) {
    auto items = r_.string_fields(f, true);
    if (!items) return {};
    std::vector<std::string> out;
    for (const Field& item : *items) {
      const std::string& re = item.node.Scalar();
      if (re.size() > kMaxRegexLength) {
        r_.invalid(item, "regex in " + quoted(f) + " is " + std::to_string(re.size()) +
                             " characters; at most " + std::to_string(kMaxRegexLength) + " are allowed");
        continue;
      }
      try {
        std::regex compiled(re, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        r_.report(errc::bad_regex, r_.where(item),
                  "regex '" + re + "' in " + quoted(f) + " does not compile (ECMAScript): " + e.what());
        continue;
      }
      out.push_back(re);
    }
    return out;
  }

  TurnExpect turn_expect(const Field& f) {
    TurnExpect e;
    e.where = r_.where(f);
    auto m = r_.map(f, {"contains", "not_contains", "regex", "max_latency_ms", "max_output_tokens",
                        "max_cost_usd", "faithful", "no_leak", "judge"});
    if (!m) return e;
    if (auto v = m->get("contains")) e.contains = needles(*v);
    if (auto v = m->get("not_contains")) e.not_contains = needles(*v);
    if (auto v = m->get("regex")) e.regex = regexes(*v);
    if (auto v = m->get("max_latency_ms")) e.max_latency_ms = non_negative(*v);
    if (auto v = m->get("max_output_tokens")) e.max_output_tokens = positive(*v);
    if (auto v = m->get("max_cost_usd")) e.max_cost_usd = non_negative_number(*v);
    if (auto v = m->get("faithful")) e.faithful = r_.boolean(*v).value_or(true);
    if (auto v = m->get("no_leak")) e.no_leak = r_.boolean(*v).value_or(true);
    if (auto v = m->get("judge")) e.judge = judge(*v);
    return e;
  }

  // A rubric, or {rubric, threshold, scale, samples, mock_verdict}.
  std::optional<JudgeSpec> judge(const Field& f) {
    JudgeSpec j;
    j.where = r_.where(f);
    if (f.node.IsScalar()) {
      text(f, j.rubric);
      return j.rubric.empty() ? std::nullopt : std::optional<JudgeSpec>(j);
    }
    auto m = r_.map(f, {"rubric", "threshold", "scale", "samples", "mock_verdict"});
    if (!m) return std::nullopt;
    text(r_.require(*m, "rubric"), j.rubric);
    if (auto v = m->get("scale")) j.scale = static_cast<int>(positive(*v, 100).value_or(j.scale));
    if (auto v = m->get("threshold"))
      j.threshold = static_cast<int>(within_scale(*v, j.scale).value_or(j.threshold));
    if (auto v = m->get("samples")) j.samples = static_cast<int>(positive(*v, 9).value_or(1));
    if (auto v = m->get("mock_verdict")) {
      if (auto score = within_scale(*v, j.scale)) j.mock_verdict = static_cast<int>(*score);
    }
    return j;
  }

  std::optional<std::int64_t> within_scale(const Field& f, int scale) {
    auto v = r_.integer(f);
    if (v && (*v < 0 || *v > scale)) {
      r_.invalid(f, quoted(f) + " must be between 0 and the scale (" + std::to_string(scale) + "), got " +
                        std::to_string(*v));
      return std::nullopt;
    }
    return v;
  }

  // One judge, or a list of them.
  std::vector<JudgeSpec> judges(const Field& f) {
    std::vector<JudgeSpec> out;
    if (!f.node.IsSequence()) {
      if (auto j = judge(f)) out.push_back(std::move(*j));
      return out;
    }
    auto items = r_.sequence(f);
    for (const Field& item : items.value_or(std::vector<Field>{}))
      if (auto j = judge(item)) out.push_back(std::move(*j));
    return out;
  }

  std::optional<double> non_negative_number(const Field& f) {
    auto v = r_.number(f);
    if (v && *v < 0) {
      r_.invalid(f, quoted(f) + " must be >= 0, got " + f.node.Scalar());
      return std::nullopt;
    }
    return v;
  }

  std::vector<Turn> turns(const Field& f) {
    auto items = r_.sequence(f);
    if (!items) return {};
    if (items->empty())
      r_.invalid(f, "'turns' must list at least one turn (or remove it and give a simulated_user)");
    std::vector<Turn> out;
    for (const Field& item : *items) {
      Turn t;
      t.where = r_.where(item);
      t.expect.where = t.where;
      if (auto m = r_.map(item, {"user", "mock_reply", "expect"})) {
        text(r_.require(*m, "user"), t.user);
        if (auto v = m->get("mock_reply")) t.mock_reply = r_.string(*v);
        if (auto v = m->get("expect")) t.expect = turn_expect(*v);
      }
      out.push_back(std::move(t));
    }
    return out;
  }

  std::optional<SimulatedUser> simulated_user(const Field& f) {
    SimulatedUser u;
    u.where = r_.where(f);
    auto m = r_.map(f, {"goal", "style", "opening", "max_turns", "agent"});
    if (!m) return std::nullopt;
    text(r_.require(*m, "goal"), u.goal);
    if (auto s = m->get("style")) text(s, u.style);
    if (auto o = m->get("opening")) text(o, u.opening);
    if (auto t = r_.require(*m, "max_turns")) u.max_turns = static_cast<int>(positive(*t, 100).value_or(0));
    if (auto a = r_.require(*m, "agent")) u.agent = agent(*a);
    return u;
  }

  JsonField json_field(const std::string& name, const Field& f) {
    JsonField j;
    j.name = name;
    auto m = r_.map(f, {"type", "min", "max", "min_items", "required"});
    if (!m) return j;
    if (auto t = r_.require(*m, "type")) {
      if (auto v = r_.string(*t)) {
        static constexpr std::string_view kTypes[] = {"integer", "number", "string",
                                                      "boolean", "array",  "object"};
        if (std::find(std::begin(kTypes), std::end(kTypes), *v) != std::end(kTypes)) {
          j.type = *v;
        } else {
          r_.invalid(*t, "unknown type '" + shorten(*v) + "' for " + quoted(*t) +
                             "; expected one of: integer, number, string, boolean, array, object");
        }
      }
    }
    const bool numeric = j.type == "integer" || j.type == "number";
    for (const char* bound : {"min", "max"}) {
      auto b = m->get(bound);
      if (!b) continue;
      auto v = r_.number(*b);
      if (v && !j.type.empty() && !numeric) {
        r_.invalid(*b, quoted(*b) + " applies only to integer and number fields, not " + j.type);
      } else {
        (std::string_view(bound) == "min" ? j.min : j.max) = v;
      }
    }
    if (j.min && j.max && *j.min > *j.max) {
      r_.invalid(*m->get("min"), quoted(*m->get("min")) + " is greater than its max");
    }
    if (auto b = m->get("min_items")) {
      auto v = non_negative(*b);
      if (v && !j.type.empty() && j.type != "array") {
        r_.invalid(*b, quoted(*b) + " applies only to array fields, not " + j.type);
      } else if (v && *v > INT_MAX) {
        r_.invalid(*b, quoted(*b) + " is too large");
      } else if (v) {
        j.min_items = static_cast<int>(*v);
      }
    }
    if (auto b = m->get("required")) j.required = r_.boolean(*b).value_or(true);
    return j;
  }

  std::optional<Debrief> debrief(const Field& f) {
    Debrief d;
    d.where = r_.where(f);
    d.expect.where = d.where;
    auto m = r_.map(f, {"mock_reply", "expect"});
    if (!m) return std::nullopt;
    if (auto v = m->get("mock_reply")) d.mock_reply = r_.string(*v);
    auto ef = m->get("expect");
    if (!ef) return d;
    DebriefExpect& e = d.expect;
    e.where = r_.where(*ef);
    auto em = r_.map(*ef, {"json_shape", "min_score", "max_score", "contains", "max_latency_ms", "judge"});
    if (!em) return d;
    if (auto shape = em->get("json_shape")) {
      if (auto fields = r_.map(*shape, {})) {
        for (const auto& [name, field] : fields->entries()) e.json_shape.push_back(json_field(name, field));
      }
    }
    if (auto v = em->get("min_score")) e.min_score = r_.number(*v);
    if (auto v = em->get("max_score")) e.max_score = r_.number(*v);
    if (e.min_score && e.max_score && *e.min_score > *e.max_score) {
      r_.invalid(*em->get("min_score"), "'min_score' is greater than 'max_score'");
    }
    if (auto v = em->get("contains")) e.contains = needles(*v);
    if (auto v = em->get("max_latency_ms")) e.max_latency_ms = non_negative(*v);
    if (auto v = em->get("judge")) e.judge = judge(*v);
    return d;
  }

  NodeReader& r_;
};

}  // namespace

Scenario build_scenario(NodeReader& reader, const Field& root) {
  return ScenarioBuilder(reader).build(root);
}

}  // namespace dq::scenario::detail
