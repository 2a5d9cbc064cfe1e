#pragma once
// The scenarios people can practise, as the bot offers them: loaded once from scenarios/ (the same files
// the harness runs), in file-name order, with the menu keyboard built from them.

#include <optional>
#include <string>
#include <vector>

#include "bot/chat/messenger.hpp"
#include "bot/core/error.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::chat {

class ScenarioCatalog {
 public:
  explicit ScenarioCatalog(std::vector<scenario::Scenario> scenarios);
  // Every *.yaml under `dir`; any file that does not validate makes it fail (exit 2 at startup, with the
  // file:line:column of the problem).
  static core::Result<ScenarioCatalog> load(const std::string& dir);

  const std::vector<scenario::Scenario>& all() const { return scenarios_; }
  const scenario::Scenario* find(std::string_view id) const;
  // "3" → the third scenario (console users type numbers); nullptr when out of range.
  const scenario::Scenario* by_number(std::string_view number) const;
  // One button per scenario, one per row.
  InlineKeyboard menu() const;

 private:
  std::vector<scenario::Scenario> scenarios_;
};

}  // namespace dq::chat
