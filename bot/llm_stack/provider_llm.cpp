#include "bot/llm_stack/provider_llm.hpp"

#include <set>

#include "bot/http/curl_http_client.hpp"
#include "bot/llm/provider_llm_client.hpp"
#include "bot/cassette/cassette_http.hpp"
#include "bot/cost/costed_llm_client.hpp"
#include "bot/llm/owning_llm_client.hpp"

namespace dq::llm_stack {
namespace {

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

}  // namespace

ProviderLlm::ProviderLlm(const cost::PriceTable& prices, ProviderLlmOptions options)
    : prices_(prices), options_(std::move(options)), budget_(options_.cap_usd) {}

core::Result<std::unique_ptr<ProviderLlm>> ProviderLlm::create(boost::asio::io_context& io,
                                                               const std::vector<scenario::Scenario>& scenarios,
                                                               const cost::PriceTable& prices, ProviderLlmOptions options,
                                                               const llm::EnvLookup& env) {
  const bool live = options.mode == Mode::live;
  std::unique_ptr<ProviderLlm> p(new ProviderLlm(prices, std::move(options)));
  p->redactor_ = cassette::Redactor(secrets_in(env));
  std::set<std::string> used;
  for (const auto& s : scenarios)
    for (const auto& [agent, settings] : s.agents) used.insert(settings.provider);
  for (const auto& name : used) {
    if (live) {
      auto config = llm::provider_from_env(name, env);
      if (!config) return std::unexpected(config.error());
      p->providers_.emplace(name, std::move(*config));
    } else {
      // Replay never sends: the default base URL only shapes the path that is matched.
      auto config = llm::provider_from_env(name, [](std::string_view v) -> std::optional<std::string> {
        if (v.ends_with("_API_KEY")) return std::string("replay");
        return std::nullopt;
      });
      if (!config) return std::unexpected(config.error());
      p->providers_.emplace(name, std::move(*config));
    }
  }
  if (live) p->curl_ = std::make_unique<http::CurlHttpClient>(io.get_executor());
  if (live && !p->options_.record.empty()) {
    for (const auto& s : scenarios) {
      p->recording_[s.id] = std::make_unique<cassette::Cassette>();
      p->recording_[s.id]->scenario = s.id;
      if (p->options_.record == "missing")
        if (auto c = cassette::load_cassette(cassette::cassette_path(p->options_.cassette_dir, s.id)))
          p->existing_[s.id] = std::make_unique<cassette::Cassette>(std::move(*c));
    }
  }
  return p;
}

std::unique_ptr<llm::LlmClient> ProviderLlm::stack(http::HttpClient& http, std::unique_ptr<http::HttpClient> owned) {
  auto top = std::make_unique<llm::OwningLlmClient>();
  if (owned) top->own(std::move(owned));
  auto& routing = top->own(std::make_unique<llm::RoutingLlmClient>());
  for (const auto& [name, config] : providers_) routing.add(name, std::make_unique<llm::ProviderLlmClient>(http, config));
  const bool live = options_.mode == Mode::live;
  auto& costed = top->own(std::make_unique<cost::CostedLlmClient>(routing, prices_, live ? &budget_ : nullptr, live));
  top->set_top(costed);
  return top;
}

cassette::MatchOptions ProviderLlm::match_options() const {
  cassette::MatchOptions m;
  m.ignored_paths.insert(m.ignored_paths.end(), options_.ignore_fields.begin(), options_.ignore_fields.end());
  return m;
}

LlmFactory ProviderLlm::factory() {
  return [this](const scenario::Scenario& s) -> std::unique_ptr<llm::LlmClient> {
    if (options_.mode == Mode::replay) {
      const std::string path = cassette::cassette_path(options_.cassette_dir, s.id);
      auto c = cassette::load_cassette(path);
      if (!c) {
        core::Error e = c.error();
        if (e.code == "cassette.not_found")
          e.message = "no recording for scenario '" + s.id + "' at " + path +
                      "; record one with `dealquest-test run --live --record missing`";
        return std::make_unique<FailingLlmClient>(std::move(e));
      }
      auto replay = std::make_unique<cassette::ReplayingHttpClient>(std::move(*c), match_options(), redactor_,
                                                                    options_.recorded_speed);
      auto& http = *replay;
      return stack(http, std::move(replay));
    }
    if (auto it = recording_.find(s.id); it != recording_.end()) {
      auto existing = existing_.find(s.id);
      auto recorder = std::make_unique<cassette::RecordingHttpClient>(
          *curl_, *it->second, existing == existing_.end() ? nullptr : existing->second.get(), match_options(),
          redactor_);
      auto& http = *recorder;
      return stack(http, std::move(recorder));
    }
    return stack(*curl_, nullptr);
  };
}

core::Result<void> ProviderLlm::scenario_done(const std::string& scenario_id) {
  auto it = recording_.find(scenario_id);
  if (it == recording_.end()) return {};
  return cassette::save_cassette(cassette::cassette_path(options_.cassette_dir, scenario_id), *it->second, redactor_);
}

}  // namespace dq::llm_stack
