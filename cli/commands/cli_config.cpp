#include "cli/commands/cli_config.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <spanstream>
#include <sstream>

#include "bot/app/app_errors.hpp"
#include "bot/app/bot_config.hpp"
#include "bot/core/age_text.hpp"
#include "bot/scenario/node_reader.hpp"
#include "bot/scenario/source_text.hpp"
#include "bot/scenario/yaml_prescan.hpp"

namespace dq::cli {
namespace {

using scenario::detail::Field;
using scenario::detail::NodeReader;

std::optional<scenario::AgentSettings> judge(NodeReader& r, const Field& f) {
  auto m = r.map(f, {"provider", "model", "max_tokens"});
  if (!m) return std::nullopt;
  scenario::AgentSettings a;
  a.provider = scenario::kDefaultJudgeProvider;
  a.max_tokens = scenario::kDefaultJudgeMaxTokens;
  if (auto p = m->get("provider"))
    if (auto s = r.string(*p)) {
      if (*s != "anthropic" && *s != "openrouter") r.invalid(*p, "provider must be anthropic or openrouter");
      a.provider = *s;
    }
  if (auto v = r.require(*m, "model"))
    if (auto s = r.string(*v)) {
      if (s->empty()) r.invalid(*v, "model must name a model (e.g. claude-haiku-4-5)");
      a.model = *s;
      a.where = r.where(*v);
    }
  if (auto v = m->get("max_tokens"))
    if (auto n = r.integer(*v)) {
      if (*n < 1 || *n > 100'000)
        r.invalid(*v, "max_tokens must be between 1 and 100000");
      else
        a.max_tokens = static_cast<int>(*n);
    }
  return a;
}

// "20%", "20", 20 or 12.5: a percentage, 0 or more.
// "30d", "12h", "90m": an age (core::parse_age), more than zero.
std::optional<std::chrono::milliseconds> age(NodeReader& r, const Field& f) {
  auto a = f.node.IsScalar() ? core::parse_age(f.node.Scalar()) : std::nullopt;
  if (!a || a->count() == 0) {
    r.invalid(f, "expected an age such as 30d, 12h or 90m, got '" +
                     (f.node.IsScalar() ? scenario::detail::shorten(f.node.Scalar())
                                        : std::string("a list or map")) +
                     "'");
    return std::nullopt;
  }
  return a;
}

void build(NodeReader& r, const Field& root, CliConfig& c) {
  auto top = r.map(root, {"scenarios", "cassette_dir", "store", "prices", "concurrency", "max_cost", "judge",
                          "compare", "retention"});
  if (!top) return;
  for (auto [key, slot] : {std::pair{"scenarios", &c.scenarios}, std::pair{"cassette_dir", &c.cassette_dir},
                           std::pair{"store", &c.store}, std::pair{"prices", &c.prices}})
    if (auto f = top->get(key))
      if (auto s = r.string(*f)) {
        if (s->empty())
          r.invalid(*f, std::string(key) + " must not be empty (leave the key out for the default)");
        else
          *slot = *s;
      }
  if (auto f = top->get("concurrency"))
    if (auto n = r.integer(*f)) {
      if (*n < 1 || *n > 1000)
        r.invalid(*f, "concurrency must be between 1 and 1000");
      else
        c.concurrency = static_cast<int>(*n);
    }
  if (auto f = top->get("max_cost"))
    if (auto v = r.number(*f)) {
      if (!(*v > 0))
        r.invalid(*f, "max_cost must be more than 0 (US dollars)");
      else
        c.max_cost = *v;
    }
  if (auto f = top->get("judge")) c.judge = judge(r, *f);
  if (auto f = top->get("compare"))
    if (auto m = r.map(*f, {"max_latency_increase", "max_cost_increase", "fail_on_new_failures"})) {
      if (auto v = m->get("max_latency_increase")) c.compare.max_latency_increase_pct = r.percent(*v, 1e6);
      if (auto v = m->get("max_cost_increase")) c.compare.max_cost_increase_pct = r.percent(*v, 1e6);
      if (auto v = m->get("fail_on_new_failures")) c.compare.fail_on_new_failures = r.boolean(*v);
    }
  if (auto f = top->get("retention"))
    if (auto m = r.map(*f, {"metadata", "io", "io_sample"})) {
      if (auto v = m->get("metadata")) c.retention.metadata = age(r, *v);
      if (auto v = m->get("io")) c.retention.io = age(r, *v);
      if (auto v = m->get("io_sample"))
        if (auto pct = r.percent(*v, 100)) c.retention.io_sample = *pct / 100;
    }
}

bool has_judge_checks(const scenario::Scenario& s) {
  bool judged = !s.conversation_judge.empty() || (s.expect_each_turn && s.expect_each_turn->judge) ||
                (s.debrief && s.debrief->expect.judge);
  for (const auto& t : s.turns) judged = judged || t.expect.judge.has_value();
  return judged;
}

CliConfig& current() {
  static CliConfig config;
  return config;
}

}  // namespace

std::expected<CliConfig, std::vector<core::Error>> parse_cli_config(std::string_view text,
                                                                    const std::string& file) {
  const scenario::detail::SourceText source(text, file, "config");
  if (auto bad = source.check_is_text()) return std::unexpected(app::as_config_errors({*bad}));
  if (auto bad = scenario::detail::prescan_yaml(source))
    return std::unexpected(app::as_config_errors({*bad}));
  CliConfig config;
  config.file = file;
  try {
    std::ispanstream in(std::span<const char>(source.text().data(), source.text().size()));
    const YAML::Node root = YAML::Load(in);
    if (!root.IsDefined() || root.IsNull()) return config;  // an empty file: all defaults
    NodeReader reader(source, "config file " + file);
    build(reader, Field{root, "", std::nullopt}, config);
    if (reader.has_errors()) return std::unexpected(app::as_config_errors(reader.take_errors()));
  } catch (const YAML::Exception& e) {
    return std::unexpected(
        std::vector{core::Error{app::errc::config_syntax, source.at(e.mark.line, e.mark.column).to_string(),
                                "YAML syntax error: " + e.msg}});
  }
  return config;
}

std::expected<CliConfig, std::vector<core::Error>> load_cli_config(const std::string& flag) {
  const std::string path = flag.empty() ? kDefaultConfigFile : flag;
  std::error_code ec;
  if (flag.empty() && !std::filesystem::exists(path, ec)) return CliConfig{};
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path, ec))
    return std::unexpected(
        std::vector{core::Error{app::errc::config_not_found, path,
                                "cannot read the config file; check --config (without it, ./" +
                                    std::string(kDefaultConfigFile) + " is read when present)"}});
  std::ostringstream text;
  text << in.rdbuf();
  return parse_cli_config(text.str(), path);
}

const CliConfig& cli_config() {
  return current();
}

void set_cli_config(CliConfig config) {
  current() = std::move(config);
}

void apply_judge_default(std::vector<scenario::Scenario>& scenarios, const CliConfig& config) {
  if (!config.judge) return;
  for (auto& s : scenarios)
    if (has_judge_checks(s) && !s.agents.contains("judge")) s.agents["judge"] = *config.judge;
}

}  // namespace dq::cli
