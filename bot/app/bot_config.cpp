#include "bot/app/bot_config.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <spanstream>
#include <sstream>
#include <tuple>

#include "bot/app/app_errors.hpp"
#include "bot/core/age_text.hpp"
#include "bot/scenario/node_reader.hpp"
#include "bot/scenario/scenario_errors.hpp"
#include "bot/scenario/source_text.hpp"
#include "bot/scenario/yaml_prescan.hpp"

namespace dq::app {

std::vector<core::Error> as_config_errors(std::vector<core::Error> errors) {
  static constexpr std::pair<core::ErrorCode, core::ErrorCode> kAsConfig[] = {
      {scenario::errc::syntax, errc::config_syntax},
      {scenario::errc::type, errc::config_type},
      {scenario::errc::unknown_key, errc::config_unknown_key},
      {scenario::errc::missing, errc::config_missing},
      {scenario::errc::invalid_value, errc::config_invalid_value},
      {scenario::errc::alias_bomb, errc::config_alias_bomb},
      {scenario::errc::too_deep, errc::config_too_deep},
      {scenario::errc::binary, errc::config_binary},
      {scenario::errc::too_large, errc::config_too_large},
  };
  for (auto& e : errors)
    for (const auto& [from, to] : kAsConfig)
      if (e.code == from) e.code = to;
  return errors;
}

namespace {

using scenario::detail::Field;
using scenario::detail::NodeReader;

void note(NodeReader& r, const Field& f, BotConfig& c) {
  c.where[f.path] = r.where(f).to_string();
}

std::optional<AgentOverride> agent(NodeReader& r, const Field& f, BotConfig& c) {
  auto m = r.map(f, {"provider", "model"});
  if (!m) return std::nullopt;
  AgentOverride a;
  if (auto p = m->get("provider")) {
    if (auto s = r.string(*p)) {
      if (*s != "anthropic" && *s != "openrouter") r.invalid(*p, "provider must be anthropic or openrouter");
      a.provider = *s;
      note(r, *p, c);
    }
  }
  if (auto v = m->get("model"))
    if (auto s = r.string(*v)) {
      a.model = *s;
      note(r, *v, c);
    }
  return a;
}

template <class T>
std::optional<T> bounded(NodeReader& r, const Field& f, std::int64_t lo, std::int64_t hi) {
  auto v = r.integer(f);
  if (!v) return std::nullopt;
  if (*v < lo || *v > hi) {
    r.invalid(f, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return std::nullopt;
  }
  return static_cast<T>(*v);
}

std::optional<double> money(NodeReader& r, const Field& f) {
  auto v = r.number(f);
  if (v && *v < 0) {
    r.invalid(f, "must be 0 or more (US dollars)");
    return std::nullopt;
  }
  return v;
}

// export: {endpoint: http://collector:4318, every: 5s}: the endpoint is required, `every` more than zero.
void export_settings(NodeReader& r, const Field& f, BotConfig& c) {
  auto m = r.map(f, {"endpoint", "every"});
  if (!m) return;
  if (auto v = r.require(*m, "endpoint"))
    if (auto s = r.string(*v)) {
      if (!s->starts_with("http://") && !s->starts_with("https://")) {
        r.invalid(*v,
                  "export.endpoint must be an OTLP/HTTP URL such as http://localhost:4318 (/v1/traces is "
                  "added when it has no path)");
      } else {
        c.export_endpoint = *s;
        note(r, *v, c);
      }
    }
  if (auto v = m->get("every")) {
    auto a = v->node.IsScalar() ? core::parse_age(v->node.Scalar()) : std::nullopt;
    if (!a || a->count() == 0)
      r.invalid(*v, "export.every must be a duration more than zero, such as 5s or 1m");
    else
      c.export_every = *a;
  }
}

void build(NodeReader& r, const Field& root, BotConfig& c) {
  auto top = r.map(root, {"admins", "store", "state", "scenarios", "llm", "cassette_dir", "agents", "budget",
                          "telegram", "dry_run_latency_ms", "retention", "export"});
  if (!top) return;
  if (auto f = top->get("admins")) {
    if (auto items = r.sequence(*f))
      for (const auto& item : *items)
        if (auto id = r.integer(item)) {
          if (*id <= 0)
            r.invalid(item, "an admin is a Telegram user id (a positive number)");
          else
            c.admins.insert(*id);
        }
  }
  for (auto [key, slot] : {std::pair{"store", &c.store}, std::pair{"state", &c.state},
                           std::pair{"scenarios", &c.scenarios}, std::pair{"cassette_dir", &c.cassette_dir}})
    if (auto f = top->get(key))
      if (auto s = r.string(*f)) {
        *slot = *s;
        note(r, *f, c);
      }
  if (auto f = top->get("llm")) {
    if (auto s = r.string(*f)) {
      if (auto mode = core::parse_mode(*s)) {
        c.llm = *mode;
        note(r, *f, c);
      } else {
        r.invalid(*f, "llm must be dry-run, replay or live");
      }
    }
  }
  if (auto f = top->get("agents")) {
    if (auto m = r.map(*f, {"counterpart", "coach"})) {
      if (auto a = m->get("counterpart")) c.counterpart = agent(r, *a, c);
      if (auto a = m->get("coach")) c.coach = agent(r, *a, c);
    }
  }
  if (auto f = top->get("budget")) {
    if (auto m = r.map(*f, {"max_usd", "test_max_usd"})) {
      if (auto v = m->get("max_usd")) {
        c.max_usd = money(r, *v);
        note(r, *v, c);
      }
      if (auto v = m->get("test_max_usd")) c.test_max_usd = money(r, *v);
    }
  }
  if (auto f = top->get("telegram")) {
    if (auto m = r.map(*f, {"poll_timeout_seconds", "progress_throttle_ms", "per_chat_interval_ms",
                            "global_per_second"})) {
      if (auto v = m->get("poll_timeout_seconds")) c.poll_timeout_seconds = bounded<int>(r, *v, 0, 50);
      if (auto v = m->get("progress_throttle_ms"))
        c.progress_throttle_ms = bounded<std::int64_t>(r, *v, 0, 60'000);
      if (auto v = m->get("per_chat_interval_ms"))
        c.per_chat_interval_ms = bounded<std::int64_t>(r, *v, 0, 60'000);
      if (auto v = m->get("global_per_second")) c.global_per_second = bounded<int>(r, *v, 1, 1000);
    }
  }
  if (auto f = top->get("retention"))
    if (auto m = r.map(*f, {"metadata", "io", "every", "io_sample"})) {
      if (auto v = m->get("io_sample"))
        if (auto pct = r.percent(*v, 100)) c.io_sample = *pct / 100;
      for (auto [key, slot, zero_ok] :
           {std::tuple{"metadata", &c.retention_metadata, false}, std::tuple{"io", &c.retention_io, false},
            std::tuple{"every", &c.retention_every, true}})
        if (auto v = m->get(key)) {
          auto a = v->node.IsScalar() ? core::parse_age(v->node.Scalar()) : std::nullopt;
          if (!a || (a->count() == 0 && !zero_ok))
            r.invalid(*v, std::string("retention.") + key + " must be an age such as 30d, 12h or 90m" +
                              (zero_ok ? " (0s: the bot does not prune)" : ""));
          else
            *slot = *a;
        }
    }
  if (auto f = top->get("export")) export_settings(r, *f, c);
  if (auto f = top->get("dry_run_latency_ms"))
    c.dry_run_latency_ms = bounded<std::int64_t>(r, *f, 0, 600'000);
}

}  // namespace

std::expected<BotConfig, std::vector<core::Error>> parse_bot_config(std::string_view text,
                                                                    const std::string& file) {
  const scenario::detail::SourceText source(text, file, "config");
  if (auto bad = source.check_is_text()) return std::unexpected(as_config_errors({*bad}));
  if (auto bad = scenario::detail::prescan_yaml(source)) return std::unexpected(as_config_errors({*bad}));
  BotConfig config;
  try {
    std::ispanstream in(std::span<const char>(source.text().data(), source.text().size()));
    const YAML::Node root = YAML::Load(in);
    if (!root.IsDefined() || root.IsNull()) return config;  // an empty file: all defaults
    NodeReader reader(source, "config file " + file);
    build(reader, Field{root, "", std::nullopt}, config);
    if (reader.has_errors()) return std::unexpected(as_config_errors(reader.take_errors()));
  } catch (const YAML::Exception& e) {
    return std::unexpected(
        std::vector{core::Error{errc::config_syntax, source.at(e.mark.line, e.mark.column).to_string(),
                                "YAML syntax error: " + e.msg}});
  }
  return config;
}

std::expected<BotConfig, std::vector<core::Error>> load_bot_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::unexpected(std::vector{
        core::Error{errc::config_not_found, path, "cannot read the config file; check --config"}});
  std::ostringstream text;
  text << in.rdbuf();
  return parse_bot_config(text.str(), path);
}

}  // namespace dq::app
