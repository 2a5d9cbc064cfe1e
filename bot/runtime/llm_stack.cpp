#include "bot/runtime/llm_stack.hpp"

#include <filesystem>
#include <set>

#include "bot/cassette/cassette_errors.hpp"
#include "bot/cost/cost_gate.hpp"
#include "bot/http/curl_http_client.hpp"
#include "bot/llm/owning_llm_client.hpp"
#include "bot/llm/provider_llm_client.hpp"
#include "bot/pipeline/dry_run_llm.hpp"
#include "bot/scenario_deal/scenario_deal.hpp"

namespace dq::runtime {
namespace {

cost::BudgetPeriod daily_period(cost::SpendLedger* ledger, const core::Clock& clock) {
  if (!ledger) return {};
  return {ledger, [&clock] { return cost::utc_day(clock.wall_ms()); }};
}

// Answers every call with the same error (a scenario whose cassette is missing or broken).
class FailingLlmClient final : public llm::LlmClient {
 public:
  explicit FailingLlmClient(core::Error e) : error_(std::move(e)) {}
  boost::asio::awaitable<core::Result<llm::Response>> complete(const llm::Request&) override {
    co_return std::unexpected(error_);
  }

 private:
  core::Error error_;
};

std::vector<std::string> secrets_in(const llm::EnvLookup& env) {
  std::vector<std::string> out;
  for (const char* name : {"ANTHROPIC_API_KEY", "OPENROUTER_API_KEY", "TELEGRAM_BOT_TOKEN"})
    if (auto v = env(name)) out.push_back(*v);
  return out;
}

// Replay never sends: the default base URL only shapes the path that is matched.
std::optional<std::string> replay_env(std::string_view name) {
  if (name.ends_with("_API_KEY")) return std::string("replay");
  return std::nullopt;
}

std::string absolute_path(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path p = std::filesystem::absolute(path, ec);
  return ec ? path : p.string();
}

// Every provider a scenario calls: its agents', and with `harness_roles` its simulated trainee's and the
// default judge's when it has a judge but names no judge agent. (A scenario run alone must find each of them,
// not only when another scenario of the run happens to use the same provider.)
std::set<std::string> providers_of(const scenario::Scenario& s, bool harness_roles) {
  std::set<std::string> used;
  for (const auto& [agent, settings] : s.agents) used.insert(settings.provider);
  if (!harness_roles) return used;
  if (s.simulated_user) used.insert(s.simulated_user->agent.provider);
  bool judged = !s.conversation_judge.empty() || (s.expect_each_turn && s.expect_each_turn->judge) ||
                (s.debrief && s.debrief->expect.judge);
  for (const auto& t : s.turns) judged = judged || t.expect.judge.has_value();
  if (judged && !s.agents.contains("judge")) used.insert(scenario::kDefaultJudgeProvider);
  used.erase("");
  return used;
}

}  // namespace

LlmStack::LlmStack(const cost::PriceTable& prices, LlmOptions options, const core::Clock& clock)
    : prices_(prices),
      options_(std::move(options)),
      clock_(clock),
      budget_(options_.cap_usd, daily_period(options_.daily_ledger, clock)) {}

LlmStack::~LlmStack() = default;

core::Result<std::unique_ptr<LlmStack>> LlmStack::create(boost::asio::any_io_executor executor,
                                                         const std::vector<scenario::Scenario>& scenarios,
                                                         const cost::PriceTable& prices, LlmOptions options,
                                                         const llm::EnvLookup& env,
                                                         const core::Clock& clock) {
  std::unique_ptr<LlmStack> p(new LlmStack(prices, std::move(options), clock));
  const core::Mode mode = p->options_.mode;
  if (mode == core::Mode::dry_run) return p;
  p->redactor_ = cassette::Redactor(secrets_in(env));
  std::set<std::string> used;
  for (const auto& s : scenarios) used.merge(providers_of(s, p->options_.harness_roles));
  for (const auto& name : used) {
    auto config =
        core::is_live(mode) ? llm::provider_from_env(name, env) : llm::provider_from_env(name, replay_env);
    if (!config) return std::unexpected(config.error());
    p->providers_.emplace(name, std::move(*config));
  }
  if (!core::is_live(mode)) return p;
  p->curl_ = std::make_unique<http::CurlHttpClient>(std::move(executor));
  if (mode == core::Mode::record) {
    // Reproducible recording (recordings/README.md): fixed recorded_at, the server's declared latency.
    auto epoch = cassette::parse_source_date_epoch(env("SOURCE_DATE_EPOCH"));
    if (!epoch) return std::unexpected(epoch.error());
    p->source_date_epoch_ = *epoch;
    for (const auto& s : scenarios) {
      p->recording_[s.id] = std::make_unique<cassette::Cassette>();
      p->recording_[s.id]->scenario = s.id;
      if (p->options_.record == cassette::RecordMode::missing)
        if (auto c = cassette::load_cassette(cassette::cassette_path(p->options_.cassette_dir, s.id)))
          p->existing_[s.id] = std::make_unique<cassette::Cassette>(std::move(*c));
    }
  }
  return p;
}

std::unique_ptr<llm::LlmClient> LlmStack::stack(http::HttpClient& http,
                                                std::unique_ptr<http::HttpClient> owned) {
  auto top = std::make_unique<llm::OwningLlmClient>();
  if (owned) top->own(std::move(owned));
  const bool live = core::is_live(options_.mode);
  auto& gate = top->own(std::make_unique<cost::CostGate>(prices_, live ? &budget_ : nullptr, live));
  auto& routing = top->own(std::make_unique<llm::RoutingLlmClient>());
  for (const auto& [name, config] : providers_)
    routing.add(name, std::make_unique<llm::ProviderLlmClient>(http, config, llm::RetryPolicy{}, &gate));
  top->set_top(routing);
  return top;
}

cassette::MatchOptions LlmStack::match_options() const {
  cassette::MatchOptions m;
  m.ignored_paths.insert(m.ignored_paths.end(), options_.ignore_fields.begin(), options_.ignore_fields.end());
  return m;
}

scenario::LlmFactory dry_run_factory(bool free_form, std::int64_t latency_ms) {
  return [free_form, latency_ms](const scenario::Scenario& s) -> std::unique_ptr<llm::LlmClient> {
    pipeline::DryRunScript script = scenario::to_dry_run_script(s);
    if (free_form) script.counterpart_replies.clear();
    if (latency_ms >= 0) script.latency_ms = latency_ms;
    return std::make_unique<pipeline::DryRunLlmClient>(std::move(script));
  };
}

std::unique_ptr<llm::LlmClient> LlmStack::replay(const scenario::Scenario& s) {
  if (auto it = scenario_http_.find(s.id); it != scenario_http_.end()) return stack(*it->second, nullptr);
  const std::string path = cassette::cassette_path(options_.cassette_dir, s.id);
  auto c = cassette::load_cassette(path);
  if (!c) {
    core::Error e = c.error();
    if (e.code == cassette::errc::not_found)
      e.message = "no recording for scenario '" + s.id + "' at " + absolute_path(path) +
                  " (is --cassette-dir right? it starts at the current directory); recording one calls the "
                  "real providers and costs money: `dealquest-test estimate --filter " +
                  s.id + "` says how much, `dealquest-test run --live --record missing --filter " + s.id +
                  "` records it after you confirm the amount";
    return std::make_unique<FailingLlmClient>(std::move(e));
  }
  auto replayer = std::make_unique<cassette::ReplayingHttpClient>(std::move(*c), match_options(), redactor_,
                                                                  options_.replay_speed);
  replayers_[s.id] = replayer.get();
  auto& http = *(scenario_http_[s.id] = std::move(replayer));
  return stack(http, nullptr);
}

scenario::LlmFactory LlmStack::factory() {
  if (options_.mode == core::Mode::dry_run)
    return dry_run_factory(options_.free_form, options_.dry_run_latency_ms);
  return [this](const scenario::Scenario& s) -> std::unique_ptr<llm::LlmClient> {
    switch (options_.mode) {
      case core::Mode::dry_run:  // handled above
        break;
      case core::Mode::replay:
        return replay(s);
      case core::Mode::record:
        if (auto it = recording_.find(s.id); it != recording_.end()) {
          auto& http = scenario_http_[s.id];
          if (!http) {
            auto existing = existing_.find(s.id);
            auto recorder = std::make_unique<cassette::RecordingHttpClient>(
                *curl_, *it->second, options_.record,
                existing == existing_.end() ? nullptr : existing->second.get(), match_options(), redactor_,
                clock_, source_date_epoch_);
            recorders_[s.id] = recorder.get();
            http = std::move(recorder);
          }
          return stack(*http, nullptr);
        }
        [[fallthrough]];
      case core::Mode::live:
        break;
    }
    return stack(*curl_, nullptr);
  };
}

core::Result<void> LlmStack::scenario_done(const std::string& scenario_id) {
  auto it = recording_.find(scenario_id);
  if (it == recording_.end()) return {};
  auto recorder = recorders_.find(scenario_id);
  if (recorder == recorders_.end() && existing_.contains(scenario_id))
    return {};  // record missing, and nothing was asked: the file on disk is already complete
  if (recorder != recorders_.end()) recorder->second->keep_unused();
  return cassette::save_cassette(cassette::cassette_path(options_.cassette_dir, scenario_id), *it->second,
                                 redactor_);
}

std::vector<const cassette::Interaction*> LlmStack::unused_recordings(const std::string& scenario_id) const {
  auto it = replayers_.find(scenario_id);
  return it == replayers_.end() ? std::vector<const cassette::Interaction*>{} : it->second->unused();
}

std::optional<std::string> LlmStack::recorded_cassette(const std::string& scenario_id) const {
  if (!recording_.contains(scenario_id)) return std::nullopt;
  return cassette::cassette_path(options_.cassette_dir, scenario_id);
}

void LlmStack::cancel_all() {
  if (curl_) curl_->cancel_all();
}

}  // namespace dq::runtime
