#pragma once
// The LLM side of a run, for every mode, built once per run (or per bot): one LlmClient per scenario.
//   dry-run  the deterministic mock built from the scenario (optionally "free-form": a person's turn i is not
//            the scenario's turn i, so none of its scripted replies are used)
//   replay   the scenario's cassette -> provider clients (each attempt priced by the cost gate) -> routing
//            (no socket)
//   live     one CurlHttpClient for the run -> provider clients (each attempt reserved against the budget
//            by the cost gate, retries included) -> routing
//   record   live, through a RecordingHttpClient per scenario; scenario_done() writes the cassette. With
//            SOURCE_DATE_EPOCH set in the environment it records reproducibly (RecordingHttpClient)
// The replayer or recorder of a scenario is made once and shared by the clients of its repetitions.

#include <boost/asio/any_io_executor.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bot/cassette/cassette.hpp"
#include "bot/cassette/matcher.hpp"
#include "bot/cassette/recording_http_client.hpp"
#include "bot/cassette/redactor.hpp"
#include "bot/cassette/replaying_http_client.hpp"
#include "bot/core/clock.hpp"
#include "bot/core/mode.hpp"
#include "bot/cost/budget.hpp"
#include "bot/cost/price_table.hpp"
#include "bot/http/http_client.hpp"
#include "bot/llm/provider_config.hpp"
#include "bot/scenario/llm_factory.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::http {
class CurlHttpClient;
}

namespace dq::runtime {

struct LlmOptions {
  core::Mode mode = core::Mode::dry_run;
  cassette::RecordMode record = cassette::RecordMode::missing;  // with Mode::record
  cassette::ReplaySpeed replay_speed = cassette::ReplaySpeed::instant;
  std::string cassette_dir = "recordings";
  std::vector<std::string> ignore_fields;     // added to the default ignored paths of cassette matching
  std::optional<double> cap_usd;              // live: the budget cap (none: uncapped)
  cost::SpendLedger* daily_ledger = nullptr;  // set: the cap applies per UTC day, its spend kept here
  bool free_form = false;                     // dry-run: drop the scenario's scripted counterpart replies
  std::int64_t dry_run_latency_ms = -1;       // dry-run: < 0 keeps the scenario's own
  // live: the simulated trainee and the judges are called too (the harness), so their providers are set up
  // and their keys required; the bot, which calls neither, sets it false.
  bool harness_roles = true;
};

// The dry-run mock for each scenario (what LlmStack makes in Mode::dry_run). `free_form`: a person's turn i
// is not the scenario's turn i, so none of its scripted counterpart replies are used (the bot's chats).
scenario::LlmFactory dry_run_factory(bool free_form, std::int64_t latency_ms = -1);

class LlmStack {
 public:
  // Live: llm.no_api_key / llm.unknown_provider for a provider the scenarios use. Record:
  // cassette.bad_source_date_epoch when SOURCE_DATE_EPOCH is set but not a whole number of seconds.
  static core::Result<std::unique_ptr<LlmStack>> create(boost::asio::any_io_executor executor,
                                                        const std::vector<scenario::Scenario>& scenarios,
                                                        const cost::PriceTable& prices, LlmOptions options,
                                                        const llm::EnvLookup& env, const core::Clock& clock);
  ~LlmStack();

  scenario::LlmFactory factory();
  // When recording: writes the scenario's cassette (atomic, secrets refused), with `--record missing` keeping
  // every recording the run did not use. Call it only for a scenario that ran to its end: one that was
  // interrupted, stopped by the budget or failed on an error leaves its old cassette byte-identical.
  core::Result<void> scenario_done(const std::string& scenario_id);
  // Replay: the recorded interactions of the scenario's cassette that no request has matched so far.
  std::vector<const cassette::Interaction*> unused_recordings(const std::string& scenario_id) const;
  // Where the scenario's cassette is written when recording; nullopt when this run does not record it.
  std::optional<std::string> recorded_cassette(const std::string& scenario_id) const;
  // Ends every provider call in flight at once (http.cancelled): a second Ctrl-C, or a shutdown past its
  // bound.
  void cancel_all();
  const LlmOptions& options() const { return options_; }

 private:
  LlmStack(const cost::PriceTable& prices, LlmOptions options, const core::Clock& clock);
  std::unique_ptr<llm::LlmClient> stack(http::HttpClient& http, std::unique_ptr<http::HttpClient> owned);
  std::unique_ptr<llm::LlmClient> replay(const scenario::Scenario& s);
  cassette::MatchOptions match_options() const;

  const cost::PriceTable& prices_;
  LlmOptions options_;
  const core::Clock& clock_;
  cost::Budget budget_;
  cassette::Redactor redactor_;
  std::unique_ptr<http::CurlHttpClient> curl_;
  std::map<std::string, llm::ProviderConfig> providers_;
  std::optional<std::int64_t> source_date_epoch_;  // record: SOURCE_DATE_EPOCH, reproducible recording
  std::map<std::string, std::unique_ptr<cassette::Cassette>> recording_;  // scenario -> being recorded
  std::map<std::string, std::unique_ptr<cassette::Cassette>>
      existing_;  // scenario -> on disk (record missing)
  // scenario -> its replayer or recorder, one for all its repetitions (`run --repeat`): repetition k plays or
  // records the k-th occurrence of each identical request, its k-th variant.
  std::map<std::string, std::unique_ptr<http::HttpClient>> scenario_http_;
  std::map<std::string, cassette::RecordingHttpClient*> recorders_;  // the recorders among them
  std::map<std::string, cassette::ReplayingHttpClient*> replayers_;  // the replayers among them
};

}  // namespace dq::runtime
