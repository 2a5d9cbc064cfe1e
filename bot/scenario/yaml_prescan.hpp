#pragma once
// Internal to dq_scenario. A pass over the YAML event stream before anything builds a node tree, so that
// hostile input is refused in time and memory bounded by the text size:
//   - scenario.syntax     yaml-cpp's parse error (and a second document in one file),
//   - scenario.too_deep   collections nested deeper than kMaxDepth,
//   - scenario.alias_bomb aliases that together expand to more than kMaxAliasExpansion nodes, or an alias
//                         inside the node it names (yaml-cpp would build a cycle).
// After a clean pre-scan, YAML::Load of the same text succeeds and walking its tree visits a bounded number
// of nodes even though aliases share nodes.

#include <optional>

#include "bot/core/error.hpp"
#include "bot/scenario/source_text.hpp"

namespace dq::scenario::detail {

inline constexpr int kMaxDepth = 32;
inline constexpr long kMaxAliasExpansion = 10'000;

std::optional<core::Error> prescan_yaml(const SourceText& source);

}  // namespace dq::scenario::detail
