#pragma once
// dealquest-test's config file: `dealquest.yaml` in the current directory when present, or
// `dealquest-test --config FILE`. Every key is optional (README.md "Config file" has the complete example):
//
//   scenarios: scenarios            # scenario files or directory when no paths are given
//   cassette_dir: recordings        # --cassette-dir
//   store: dealquest.db             # --store (after $DEALQUEST_STORE)
//   prices: my-prices.json          # --prices
//   concurrency: 8                  # run --concurrency (1..1000)
//   max_cost: 0.50                  # run --live --max-cost, in USD (> 0)
//   judge: {provider: anthropic, model: claude-haiku-4-5, max_tokens: 300}   # for scenarios naming none
//   compare:                        # report --compare thresholds
//     max_latency_increase: 20%
//     max_cost_increase: 10%
//     fail_on_new_failures: true
//   retention:                      # prune: traces and runs kept 30d, span I/O 7d by default
//     metadata: 30d
//     io: 7d
//     io_sample: 100%               # run: traces that keep their I/O (failed ones always do)
//
// Precedence: flag > environment > file > built-in. A malformed file is refused before anything runs
// (exit 2) with config.* errors at file:line:column. Relative paths in the file start at the current
// directory, as on the command line. yaml-cpp stays in the .cpp: this header is a plain struct.

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::cli {

// The file read when no --config is given (and it exists).
inline constexpr const char* kDefaultConfigFile = "dealquest.yaml";

struct CliConfig {
  std::string file;  // where it was read from; "" when there is no config file
  std::optional<std::string> scenarios, cassette_dir, store, prices;
  std::optional<int> concurrency;
  std::optional<double> max_cost;
  std::optional<scenario::AgentSettings> judge;  // `where` is the file's `model:` value
  struct Compare {
    std::optional<double> max_latency_increase_pct, max_cost_increase_pct;
    std::optional<bool> fail_on_new_failures;
  };
  Compare compare = {};
  struct Retention {
    std::optional<std::chrono::milliseconds> metadata, io;
    std::optional<double> io_sample;  // 0..1: the share of a run's traces that keep their I/O (default all)
  };
  Retention retention = {};  // prune --older-than / --io-older-than
};

// Every problem found (file order), or the config. An empty file is an empty config.
std::expected<CliConfig, std::vector<core::Error>> parse_cli_config(std::string_view text,
                                                                    const std::string& file);

// `flag` (--config) names the file, which must exist (config.not_found otherwise); without it
// ./dealquest.yaml is read when present, and its absence is an empty config.
std::expected<CliConfig, std::vector<core::Error>> load_cli_config(const std::string& flag);

// The config of this process: set once by cli_main after parsing the command line, read by the commands'
// handlers (an empty config until then, and in unit tests).
const CliConfig& cli_config();
void set_cli_config(CliConfig config);

// A scenario that has LLM-judge checks and names no judge agent gets the config's judge, so the estimate,
// the price check, the LLM stack and the runner all see the same agent. Without a configured judge, nothing
// changes (the built-in default, scenario::kDefaultJudgeModel, applies).
void apply_judge_default(std::vector<scenario::Scenario>& scenarios, const CliConfig& config);

}  // namespace dq::cli
