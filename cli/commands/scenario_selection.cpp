#include "cli/commands/scenario_selection.hpp"

#include <fnmatch.h>

#include <ostream>

#include "bot/scenario/scenario_parser.hpp"

namespace dq::cli {

std::optional<std::vector<scenario::Scenario>> select_scenarios(const std::vector<std::string>& paths,
                                                                const std::string& filter,
                                                                std::ostream& err) {
  auto loaded = scenario::load_scenarios(paths.empty() ? std::vector<std::string>{"scenarios"} : paths);
  if (!loaded.errors.empty()) {
    for (const auto& e : loaded.errors) err << e.to_string() << "\n";
    err << "nothing was run: fix the scenario files above (`dealquest-test validate` checks them alone)\n";
    return std::nullopt;
  }
  std::vector<scenario::Scenario> kept;
  for (auto& s : loaded.scenarios)
    if (filter.empty() || fnmatch(filter.c_str(), s.id.c_str(), 0) == 0) kept.push_back(std::move(s));
  if (kept.empty()) {
    err << "[run.no_scenarios] no scenario to run"
        << (filter.empty() ? std::string(" in the given paths") : " matches --filter '" + filter + "'")
        << "\n";
    return std::nullopt;
  }
  return kept;
}

std::optional<cost::PriceTable> load_prices(const std::string& user_file, std::ostream& err) {
  auto table = cost::PriceTable::builtin();
  if (!table) {
    err << table.error().to_string() << "\n";
    return std::nullopt;
  }
  if (!user_file.empty()) {
    auto user = cost::PriceTable::load_file(user_file);
    if (!user) {
      err << user.error().to_string() << "\n";
      return std::nullopt;
    }
    table->override_with(*user);
  }
  return std::move(*table);
}

}  // namespace dq::cli
