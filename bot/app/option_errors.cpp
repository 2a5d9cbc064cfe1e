#include "bot/app/option_errors.hpp"

#include "bot/app/app_errors.hpp"
#include "bot/llm/llm_errors.hpp"

namespace dq::app {
namespace {

// The flag that overrides a config key, or "" for keys only the file sets.
std::string_view flag_of(std::string_view key) {
  if (key == "llm") return "--llm";
  if (key == "store") return "--store";
  if (key == "scenarios") return "--scenarios";
  if (key == "cassette_dir") return "--cassette-dir";
  return "";
}

std::string value_of(const BotOptions& o, std::string_view key) {
  if (key == "llm") return std::string(core::to_string(o.llm));
  if (key == "store") return o.store;
  if (key == "state") return o.state;
  if (key == "scenarios") return o.scenarios;
  if (key == "cassette_dir") return o.cassette_dir;
  for (const auto& [agent, setting] :
       {std::pair{"counterpart", &o.config.counterpart}, std::pair{"coach", &o.config.coach}}) {
    if (!*setting) continue;
    const std::string prefix = std::string("agents.") + agent + ".";
    if (key == prefix + "provider") return (*setting)->provider;
    if (key == prefix + "model") return (*setting)->model;
  }
  return "";
}

// " (for agents.coach.provider: openrouter, bot.yaml:5:27)" when the file sent an agent to the provider
// `message` asks a key for.
std::string providers_from_config(const BotOptions& o, std::string_view message) {
  std::string out;
  for (const char* key : {"agents.counterpart.provider", "agents.coach.provider"}) {
    const auto at = config_origin(o, key);
    const std::string provider = value_of(o, key);
    if (at && !provider.empty() && message.ends_with("to call " + provider))
      out += std::string(out.empty() ? " (for " : "; ") + key + ": " + provider + ", " + *at;
  }
  return out.empty() ? out : out + ")";
}

}  // namespace

std::optional<std::string> config_origin(const BotOptions& options, std::string_view key) {
  if (options.from_flags.contains(std::string(key))) return std::nullopt;
  const auto found = options.config.where.find(std::string(key));
  if (found == options.config.where.end()) return std::nullopt;
  return found->second;
}

core::Error blame_config(core::Error error, const BotOptions& options, std::string_view key) {
  const auto at = config_origin(options, key);
  if (!at) return error;
  const std::string value = value_of(options, key);
  if (key == "llm" && error.code == llm::errc::no_api_key) {
    error.message = "llm: " + value + " in the config file needs an API key" +
                    providers_from_config(options, error.message) + ": " + error.message +
                    ". Set it, or run with --llm dry-run ($0; command-line flags override the config file)";
    error.where = *at;
    return error;
  }
  error.message += " (" + std::string(key) + ": " + value + " is set in the config file at " + *at;
  if (const std::string_view flag = flag_of(key); !flag.empty())
    error.message += "; " + std::string(flag) + " overrides it";
  error.message += ")";
  return error;
}

std::optional<core::Error> check_console_mode(const BotOptions& options) {
  if (!options.console || options.llm != core::Mode::replay) return std::nullopt;
  const std::string why =
      "cannot hold a conversation in the console: a recording answers only its scenario's scripted lines, "
      "word for word, so anything else you type would go unanswered. Chat for $0 with --llm dry-run, or "
      "replay the recordings with `dealquest-test run --replay`";
  if (const auto at = config_origin(options, "llm"))
    return core::Error{
        errc::console_replay, *at,
        "llm: replay in the config file " + why + " (--llm dry-run overrides the config file)"};
  return core::Error{errc::console_replay, "", "--llm replay " + why};
}

}  // namespace dq::app
