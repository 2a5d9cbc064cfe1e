#include "bot/app/bot_runtime.hpp"

#include "bot/app/child_process.hpp"
#include "bot/app/option_errors.hpp"
#include "bot/app/retention_worker.hpp"
#include "bot/app/state_spend_ledger.hpp"
#include "bot/core/clock.hpp"
#include "bot/cost/cost_errors.hpp"
#include "bot/cost/price_table.hpp"
#include "bot/http/curl_http_client.hpp"
#include "bot/llm/provider_config.hpp"
#include "bot/otlp/otlp_errors.hpp"
#include "bot/otlp/otlp_sender.hpp"
#include "bot/otlp/trace_exporter.hpp"
#include "bot/store/sqlite_chat_store.hpp"
#include "bot/trace/log.hpp"

namespace dq::app {
namespace {

void apply_agent(std::vector<scenario::Scenario>& scenarios, const std::string& agent,
                 const std::optional<AgentOverride>& o) {
  if (!o) return;
  for (auto& s : scenarios) {
    auto& a = s.agents[agent];
    if (!o->provider.empty()) a.provider = o->provider;
    if (!o->model.empty()) a.model = o->model;
  }
}

// Every live call is priced: a model the table does not know is refused now, not mid-chat.
core::Result<void> check_live_models(const std::vector<scenario::Scenario>& scenarios,
                                     const cost::PriceTable& prices, const BotOptions& o) {
  for (const auto& s : scenarios)
    for (const auto& [agent, settings] : s.agents)
      if (prices.find(settings.provider, settings.model) == nullptr) {
        const std::string unknown =
            "model '" + settings.model + "' (" + settings.provider + ") is not in the price table";
        for (const std::string& key : {"agents." + agent + ".model", "agents." + agent + ".provider"})
          if (auto at = config_origin(o, key))  // the config file set it, for every scenario
            return core::fail(cost::errc::unknown_model, *at,
                              key + " in the config file: " + agent + " " + unknown +
                                  "; set a model the table knows (bot/cost/prices.json)");
        return core::fail(
            cost::errc::unknown_model, s.where.file,
            agent + " " + unknown + "; set agents." + agent + ".model in the config to a known model");
      }
  return {};
}

// The config key whose value an error of opening the runtime is about.
std::string_view setting_behind(const core::Error& e) {
  if (e.code.starts_with("llm.")) return "llm";
  if (e.code.starts_with("cassette.")) return "cassette_dir";
  if (e.code.starts_with("store.")) return "store";
  return "";
}

runtime::RuntimeOptions runtime_options(const BotOptions& o) {
  runtime::RuntimeOptions r;
  r.llm.mode = o.llm;
  r.llm.cassette_dir = o.cassette_dir;
  r.llm.cap_usd = o.config.max_usd.value_or(kDefaultDailyCapUsd);
  r.llm.free_form = true;
  r.llm.harness_roles = false;  // a chat has no simulated trainee and no judge
  r.llm.dry_run_latency_ms = o.config.dry_run_latency_ms.value_or(-1);
  r.store_path = o.store;
  r.io_sample = o.config.io_sample.value_or(runtime::kBotIoSample);
  r.run_mode = "bot";
  r.run_note = std::string(o.console ? "dealquest-bot --console" : "dealquest-bot (Telegram)") + ", llm " +
               std::string(core::to_string(o.llm));
  return r;
}

// Prunes the store at start and then every retention.every (default 1 h), unless that is 0s.
std::unique_ptr<RetentionWorker> start_retention(const BotOptions& o) {
  const std::chrono::milliseconds every = o.config.retention_every.value_or(std::chrono::hours(1));
  if (every.count() == 0) return nullptr;
  query::RetentionPolicy policy;
  if (o.config.retention_metadata) policy.metadata = *o.config.retention_metadata;
  if (o.config.retention_io) policy.io = *o.config.retention_io;
  return std::make_unique<RetentionWorker>(o.store, policy, every,
                                           [] { return core::SystemClock::instance().wall_ms(); });
}

// The OTLP exporter for --export-endpoint / export.endpoint, or nullptr when neither is set.
core::Result<std::unique_ptr<otlp::TraceExporter>> start_export(const BotOptions& o) {
  if (o.export_endpoint.empty()) return nullptr;
  auto url = otlp::traces_url(o.export_endpoint);
  if (!url)  // the config file's value was checked when it was read: this is --export-endpoint's
    return core::fail(
        otlp::errc::bad_endpoint, "--export-endpoint",
        "wants an OTLP/HTTP URL such as http://localhost:4318, got '" + o.export_endpoint + "'");
  otlp::ExporterOptions e;
  e.url = *url;
  e.every = o.config.export_every.value_or(std::chrono::seconds(5));
  e.service_version = DQ_VERSION;
  e.send.request_timeout = std::chrono::seconds(10);  // a hung receiver holds the thread 5 x 10 s at most
  auto make_client = [](boost::asio::any_io_executor executor) -> std::unique_ptr<http::HttpClient> {
    return std::make_unique<http::CurlHttpClient>(std::move(executor));
  };
  auto timers = std::make_unique<trace::AsioTimers>(core::SystemClock::instance());
  return std::make_unique<otlp::TraceExporter>(std::move(e), std::move(make_client), std::move(timers));
}

}  // namespace

Runtime::Runtime() = default;
Runtime::~Runtime() = default;

core::ExitCode Runtime::close(const std::string& status, std::string note, std::chrono::milliseconds settle,
                              std::chrono::milliseconds export_drain) {
  // An /admin test still running would go on spending after the bot is gone: SIGTERM, then SIGKILL.
  if (const int stopped = stop_children(std::chrono::seconds(2)); stopped > 0)
    log::warn("bot.tests_stopped", {{"children", std::to_string(stopped)}});
  if (retention) retention->stop();  // after the batch under way
  core->settle(settle);
  run().note = std::move(note);
  const runtime::Finished& f = core->finish(status);
  if (f.write_failed > 0)
    log::error("bot.spans_not_written",
               {{"spans", std::to_string(f.write_failed)}, {"error", f.write_error}});
  // After the span queue's drain, which handed the exporter its last spans.
  if (exporter) exporter->stop(export_drain);
  return f.stored ? core::ExitCode::ok : core::ExitCode::infrastructure;
}

std::expected<std::unique_ptr<Runtime>, RuntimeError> open_runtime(BotOptions options) {
  auto rt = std::make_unique<Runtime>();
  rt->options = std::move(options);
  const BotOptions& o = rt->options;

  auto catalog = chat::ScenarioCatalog::load(o.scenarios);
  if (!catalog) return std::unexpected(RuntimeError{blame_config(catalog.error(), o, "scenarios")});
  std::vector<scenario::Scenario> scenarios = catalog->all();
  apply_agent(scenarios, "counterpart", o.config.counterpart);
  apply_agent(scenarios, "coach", o.config.coach);
  rt->catalog.emplace(std::move(scenarios));

  auto prices = cost::PriceTable::builtin();
  if (!prices) return std::unexpected(RuntimeError{prices.error(), core::ExitCode::infrastructure});
  rt->prices = std::make_unique<cost::PriceTable>(std::move(*prices));
  if (core::is_live(o.llm))
    if (auto known = check_live_models(rt->catalog->all(), *rt->prices, o); !known)
      return std::unexpected(RuntimeError{known.error()});

  auto state = store::SqliteChatStore::open(o.state, core::SystemClock::instance());
  if (!state)
    return std::unexpected(
        RuntimeError{blame_config(state.error(), o, o.state == o.store ? "store" : "state"),
                     core::ExitCode::infrastructure});
  rt->state = std::move(*state);
  rt->spend_ledger = std::make_unique<StateSpendLedger>(*rt->state);
  rt->conversations = std::make_unique<pipeline::FallbackConversationStore>(*rt->state);

  auto exporter = start_export(o);
  if (!exporter) return std::unexpected(RuntimeError{exporter.error()});
  rt->exporter = std::move(*exporter);

  runtime::RuntimeOptions wiring = runtime_options(o);
  wiring.llm.daily_ledger = rt->spend_ledger.get();
  wiring.also_write_to = rt->exporter.get();
  auto opened = runtime::Runtime::open(std::move(wiring), rt->catalog->all(), *rt->prices, llm::process_env(),
                                       core::SystemClock::instance());
  if (!opened) {
    RuntimeError failed = opened.error();
    const std::string_view key = setting_behind(failed.error);
    failed.error = blame_config(std::move(failed.error), o, key);
    return std::unexpected(std::move(failed));
  }
  rt->core = std::move(*opened);
  rt->llm = std::make_unique<chat::LlmSide>(rt->core->llm().factory());
  rt->retention = start_retention(o);
  return rt;
}

}  // namespace dq::app
