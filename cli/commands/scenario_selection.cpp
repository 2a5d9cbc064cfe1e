#include "cli/commands/scenario_selection.hpp"

#include <fnmatch.h>

#include <filesystem>
#include <ostream>

#include "bot/cassette/cassette_errors.hpp"
#include "bot/core/suggest.hpp"
#include "bot/cost/cost_errors.hpp"
#include "bot/scenario/scenario_errors.hpp"
#include "bot/scenario/scenario_parser.hpp"
#include "cli/commands/cli_config.hpp"
#include "cli/commands/cli_errors.hpp"

namespace dq::cli {

std::optional<std::vector<scenario::Scenario>> select_scenarios(const std::vector<std::string>& paths,
                                                                const std::string& filter,
                                                                std::ostream& err) {
  const std::string default_dir = cli_config().scenarios.value_or("scenarios");
  auto loaded = scenario::load_scenarios(paths.empty() ? std::vector<std::string>{default_dir} : paths);
  if (!loaded.errors.empty()) {
    bool missing = false;
    for (const auto& e : loaded.errors) {
      err << e.to_string() << "\n";
      missing = missing || e.is(scenario::errc::not_found);
    }
    if (missing && paths.empty() && cli_config().scenarios)
      err << "nothing was run: without paths the scenarios are read from `scenarios: " << default_dir
          << "` in " << cli_config().file << " (relative to the current directory); fix it, or give scenario "
          << "files or directories as arguments\n";
    else if (missing && paths.empty())
      err << "nothing was run: without paths the scenarios are read from scenarios/ in the current "
             "directory; "
             "give scenario files or directories as arguments (e.g. `dealquest-test run --dry-run "
             "path/to/scenarios/`), or run from the repository root\n";
    else if (missing)
      err << "nothing was run: check the paths above (relative paths start at the current directory)\n";
    else
      err << "nothing was run: fix the scenario files above (`dealquest-test validate` checks them alone)\n";
    return std::nullopt;
  }
  apply_judge_default(loaded.scenarios, cli_config());
  std::vector<scenario::Scenario> kept;
  for (auto& s : loaded.scenarios)
    if (filter.empty() || fnmatch(filter.c_str(), s.id.c_str(), 0) == 0) kept.push_back(std::move(s));
  if (kept.empty()) {
    std::string ids;
    for (const auto& s : loaded.scenarios) ids += (ids.empty() ? "" : ", ") + s.id;
    std::string message = filter.empty() ? std::string("no scenario in the given paths")
                                         : "no scenario id matches --filter '" + filter +
                                               "'; the filter is a glob over whole ids (e.g. '" + filter +
                                               "*' or '*" + filter + "*'); the ids are: " + ids;
    err << core::Error{errc::no_scenarios, "", message}.to_string() << "\n";
    return std::nullopt;
  }
  return kept;
}

std::optional<Prices> load_prices(const std::string& flag, std::ostream& err) {
  const std::string user_file = flag.empty() ? cli_config().prices.value_or("") : flag;
  auto table = cost::PriceTable::builtin();
  if (!table) {
    err << table.error().to_string() << "\n";
    return std::nullopt;
  }
  Prices prices;
  prices.table = std::move(*table);
  prices.user_file = user_file;
  prices.builtin_as_of = prices.table.as_of();
  if (!user_file.empty()) {
    auto user = cost::PriceTable::load_file(user_file);
    if (!user) {
      err << user.error().to_string() << "\n";
      return std::nullopt;
    }
    prices.table.override_with(*user);
    prices.user = std::move(*user);
  }
  return prices;
}

std::vector<core::Error> unknown_model_errors(const std::vector<scenario::Scenario>& scenarios,
                                              const Prices& prices) {
  std::vector<core::Error> errors;
  const std::string table = prices.user_file.empty()
                                ? "the built-in price table (dated " + prices.builtin_as_of + ")"
                                : "the price table (" + prices.user_file + " over the built-in table dated " +
                                      prices.builtin_as_of + ")";
  auto check = [&](const scenario::AgentSettings& a) {
    if (prices.table.find(a.provider, a.model)) return;
    std::vector<std::string> known;
    for (const auto& m : prices.table.models())
      if (m.provider == a.provider) known.push_back(m.model);
    errors.push_back(
        core::Error{cost::errc::unknown_model, a.where.to_string(),
                    "model '" + a.model + "' (provider " + a.provider + ") is not in " + table +
                        core::did_you_mean(a.model, known, 3) +
                        "; fix the name, or give its price in a file passed with --prices FILE"});
  };
  for (const auto& s : scenarios) {
    for (const auto& [role, agent] : s.agents) check(agent);
    if (s.simulated_user) check(s.simulated_user->agent);
  }
  return errors;
}

std::optional<Inputs> load_inputs(const std::vector<std::string>& paths, const std::string& filter,
                                  const std::string& prices_file, std::ostream& err) {
  auto scenarios = select_scenarios(paths, filter, err);
  if (!scenarios) return std::nullopt;
  auto prices = load_prices(prices_file, err);
  if (!prices) return std::nullopt;
  const std::vector<core::Error> unknown = unknown_model_errors(*scenarios, *prices);
  if (!unknown.empty()) {
    for (const auto& e : unknown) err << e.to_string() << "\n";
    err << "nothing was done: a model without a price cannot be costed (`dealquest-test validate` names them "
           "too)\n";
    return std::nullopt;
  }
  return Inputs{std::move(*scenarios), std::move(*prices)};
}

core::Error no_recordings_error(const std::string& cassette_dir) {
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(cassette_dir, ec);
  return core::Error{
      cassette::errc::not_found, cassette_dir,
      "no recordings in " + (ec ? cassette_dir : absolute.string()) +
          " (no such directory; a relative --cassette-dir starts at the current directory): run "
          "from the repository root, or pass --cassette-dir DIR"};
}

std::string prices_line(const Prices& prices, const cost::Estimate& e) {
  const std::string builtin = "the built-in table dated " + prices.builtin_as_of;
  if (prices.user_file.empty()) return "prices: " + builtin + "\n";
  int from_file = 0;
  std::string from_builtin;
  int builtin_count = 0;
  for (const auto& m : e.models) {
    if (prices.user.find(m.provider, m.model)) {
      ++from_file;
    } else {
      ++builtin_count;
      from_builtin += (from_builtin.empty() ? "" : ", ") + m.provider + "/" + m.model;
    }
  }
  auto models = [](int n) { return std::to_string(n) + (n == 1 ? " model" : " models"); };
  std::string line = "prices: " + models(from_file) + " from " + prices.user_file;
  if (builtin_count > 0)
    line += ", " + models(builtin_count) + " from " + builtin + " (" + from_builtin + ")";
  return line + "\n";
}

}  // namespace dq::cli
