#include "bot/chat/scenario_catalog.hpp"

#include <charconv>

#include "bot/chat/callback_data.hpp"
#include "bot/chat/chat_errors.hpp"
#include "bot/scenario/scenario_parser.hpp"

namespace dq::chat {

ScenarioCatalog::ScenarioCatalog(std::vector<scenario::Scenario> scenarios)
    : scenarios_(std::move(scenarios)) {
  // Button data carries the id: an id that does not fit (or is not a slug) cannot be offered.
  std::erase_if(scenarios_, [](const scenario::Scenario& s) { return !parse_button(make_choose(s.id)); });
}

core::Result<ScenarioCatalog> ScenarioCatalog::load(const std::string& dir) {
  scenario::LoadResult loaded = scenario::load_scenarios({dir});
  if (!loaded.errors.empty()) {
    core::Error first = loaded.errors.front();
    if (loaded.errors.size() > 1)
      first.message += " (and " + std::to_string(loaded.errors.size() - 1) +
                       " more; `dealquest-test validate " + dir + "` lists them all)";
    return std::unexpected(first);
  }
  if (loaded.scenarios.empty())
    return core::fail(errc::no_scenarios, dir,
                      "no scenario files (*.yaml) here; point --scenarios at a folder of them");
  return ScenarioCatalog(std::move(loaded.scenarios));
}

const scenario::Scenario* ScenarioCatalog::find(std::string_view id) const {
  for (const auto& s : scenarios_)
    if (s.id == id) return &s;
  return nullptr;
}

const scenario::Scenario* ScenarioCatalog::by_number(std::string_view number) const {
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
  if (ec != std::errc() || end != number.data() + number.size() || n < 1 || n > scenarios_.size())
    return nullptr;
  return &scenarios_[n - 1];
}

InlineKeyboard ScenarioCatalog::menu() const {
  InlineKeyboard keyboard;
  for (const auto& s : scenarios_) keyboard.push_back({InlineButton{s.title, make_choose(s.id)}});
  return keyboard;
}

}  // namespace dq::chat
