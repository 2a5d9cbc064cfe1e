#include "bot/app/bot_runtime.hpp"

#include "bot/core/clock.hpp"
#include "bot/core/ids.hpp"
#include "bot/cost/price_table.hpp"
#include "bot/llm/provider_config.hpp"
#include "bot/llm_stack/provider_llm.hpp"
#include "bot/store/sqlite_chat_store.hpp"
#include "bot/store/sqlite_store.hpp"
#include "bot/trace/log.hpp"
#include "bot/trace/span_queue.hpp"
#include "bot/trace/tracer.hpp"

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

}  // namespace

Runtime::Runtime() = default;
Runtime::~Runtime() = default;

core::ExitCode Runtime::close(const std::string& status, std::string note) {
  queue->stop();
  const trace::SpanQueueStats stats = queue->stats();
  run.status = status;
  run.ended_ms = core::SystemClock::instance().wall_ms();
  run.dropped_spans = stats.dropped;
  run.note = std::move(note);
  if (stats.write_failed > 0) run.note += "; " + std::to_string(stats.write_failed) + " spans failed to write: " + stats.last_error;
  if (auto finished = traces->finish_run(run); !finished) {
    log::error("bot.finish_run_failed", {{"error", finished.error().to_string()}});
    return core::ExitCode::infrastructure;
  }
  return core::ExitCode::ok;
}

std::expected<std::unique_ptr<Runtime>, RuntimeError> open_runtime(BotOptions options, boost::asio::io_context& io) {
  auto rt = std::make_unique<Runtime>();
  rt->options = std::move(options);
  const BotOptions& o = rt->options;

  auto catalog = chat::ScenarioCatalog::load(o.scenarios);
  if (!catalog) return std::unexpected(RuntimeError{catalog.error()});
  std::vector<scenario::Scenario> scenarios = catalog->all();
  apply_agent(scenarios, "counterpart", o.config.counterpart);
  apply_agent(scenarios, "coach", o.config.coach);
  rt->catalog.emplace(std::move(scenarios));

  auto prices = cost::PriceTable::builtin();
  if (!prices) return std::unexpected(RuntimeError{prices.error(), core::ExitCode::infrastructure});
  rt->prices = std::make_unique<cost::PriceTable>(std::move(*prices));

  if (o.llm == "live") {  // every live call is priced: a model the table does not know is refused now, not mid-chat
    for (const auto& s : rt->catalog->all())
      for (const auto& [agent, settings] : s.agents)
        if (rt->prices->find(settings.provider, settings.model) == nullptr)
          return std::unexpected(RuntimeError{core::Error{
              "cost.unknown_model", s.where.file,
              agent + " model '" + settings.model + "' (" + settings.provider +
                  ") is not in the price table; set agents." + agent + ".model in the config to a known model"}});
  }
  if (o.llm == "dry-run") {
    rt->llm = std::make_unique<chat::LlmSide>("dry-run", chat::dry_run_factory(o.config.dry_run_latency_ms.value_or(-1)));
  } else {
    llm_stack::ProviderLlmOptions po;
    po.mode = o.llm == "live" ? llm_stack::Mode::live : llm_stack::Mode::replay;
    po.cassette_dir = o.cassette_dir;
    po.cap_usd = o.config.max_usd;
    auto created = llm_stack::ProviderLlm::create(io, rt->catalog->all(), *rt->prices, po, llm::process_env());
    if (!created) return std::unexpected(RuntimeError{created.error()});
    rt->providers = std::move(*created);
    rt->llm = std::make_unique<chat::LlmSide>(o.llm, rt->providers->factory());
  }

  auto traces = store::SqliteStore::open(o.store);
  if (!traces) return std::unexpected(RuntimeError{traces.error(), core::ExitCode::infrastructure});
  rt->traces = std::move(*traces);
  auto state = store::SqliteChatStore::open(o.store, core::SystemClock::instance());
  if (!state) return std::unexpected(RuntimeError{state.error(), core::ExitCode::infrastructure});
  rt->state = std::move(*state);

  const core::Clock& clock = core::SystemClock::instance();
  rt->run.run_id = core::new_run_id(clock.wall_ms());
  rt->run.mode = "bot";
  rt->run.status = "running";
  rt->run.started_ms = clock.wall_ms();
  rt->run.note = std::string(o.console ? "dealquest-bot --console" : "dealquest-bot (Telegram)") + ", llm " + o.llm;
  if (auto begun = rt->traces->begin_run(rt->run); !begun)
    return std::unexpected(RuntimeError{begun.error(), core::ExitCode::infrastructure});
  rt->queue = std::make_unique<trace::SpanQueue>(*rt->traces);
  rt->tracer = std::make_unique<trace::Tracer>(clock, *rt->queue);
  return rt;
}

}  // namespace dq::app
