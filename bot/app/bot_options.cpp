#include "bot/app/bot_options.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "bot/core/exit_code.hpp"
#include "bot/store/open_trace_store.hpp"

namespace dq::app {
namespace {

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

}  // namespace

ParsedOptions parse_bot_options(int argc, char** argv) {
  CLI::App app{
      "dealquest-bot: a Telegram bot for negotiation practice.\n"
      "Telegram: set TELEGRAM_BOT_TOKEN (and TELEGRAM_API_URL for a local Bot API server).\n"
      "Terminal: --console, no token needed, free by default (dry-run LLM).",
      "dealquest-bot"};
  BotOptions o;
  std::string config_path, llm;
  std::string store, export_endpoint;
  std::vector<std::int64_t> admins;
  app.add_flag("--console", o.console, "Chat in this terminal instead of Telegram");
  app.add_option("--config", config_path, "YAML config file (admins, store, agents, budget, telegram)");
  app.add_option("--llm", llm, "Who answers: dry-run (free), replay (recordings) or live (providers)")
      ->check(CLI::IsMember({"dry-run", "replay", "live"}));
  app.add_option("--store", store, "Trace and state store (default: $DEALQUEST_STORE or dealquest.db)");
  app.add_option("--scenarios", o.scenarios, "Folder of scenario files for the menu")->capture_default_str();
  app.add_option("--cassette-dir", o.cassette_dir, "Recordings for --llm replay")->capture_default_str();
  app.add_option("--admin", admins, "A Telegram user id allowed to use /admin (repeatable)");
  app.add_option("--console-user", o.console_user, "The user (and chat) id of the console user")
      ->capture_default_str();
  app.add_option("--export-endpoint", export_endpoint,
                 "Stream the traces to an OTLP/HTTP receiver (http://host:4318), as `export.endpoint` does");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return {std::nullopt, code == 0 ? 0 : core::to_int(core::ExitCode::usage)};
  }
  if (!config_path.empty()) {
    auto config = load_bot_config(config_path);
    if (!config) {
      for (const auto& e : config.error()) std::cerr << e.to_string() << "\n";
      std::cerr << "dealquest-bot: fix the config file (" << config_path << ") and start again\n";
      return {std::nullopt, core::to_int(core::ExitCode::usage)};
    }
    o.config = std::move(*config);
    o.config_file = config_path;
  }
  // Flags win over the config file; an error a setting causes names the file only when the file set it.
  if (!llm.empty()) o.from_flags.insert("llm");
  if (!store.empty()) o.from_flags.insert("store");
  if (app.count("--scenarios") > 0) o.from_flags.insert("scenarios");
  if (app.count("--cassette-dir") > 0) o.from_flags.insert("cassette_dir");
  if (!export_endpoint.empty()) o.from_flags.insert("export.endpoint");
  const BotConfig& c = o.config;
  o.llm = !llm.empty() ? core::parse_mode(llm).value_or(core::Mode::live)  // CLI11 checked the word
          : c.llm      ? *c.llm
          : o.console  ? core::Mode::dry_run
                       : core::Mode::live;
  o.store = !store.empty() ? store : c.store ? *c.store : env_or("DEALQUEST_STORE", "dealquest.db");
  o.state = c.state ? *c.state : store::is_postgres_location(o.store) ? std::string(kStateFile) : o.store;
  if (c.scenarios && app.count("--scenarios") == 0) o.scenarios = *c.scenarios;
  if (c.cassette_dir && app.count("--cassette-dir") == 0) o.cassette_dir = *c.cassette_dir;
  o.export_endpoint = !export_endpoint.empty() ? export_endpoint : c.export_endpoint.value_or("");
  o.admins = c.admins;
  o.admins.insert(admins.begin(), admins.end());
  o.telegram_token = env_or("TELEGRAM_BOT_TOKEN", "");
  o.telegram_api_url = env_or("TELEGRAM_API_URL", "https://api.telegram.org");
  while (!o.telegram_api_url.empty() && o.telegram_api_url.back() == '/') o.telegram_api_url.pop_back();
  return {std::move(o), 0};
}

}  // namespace dq::app
