#pragma once
// What extract_deal_terms finds in a text, as canonical forms or as raw spans: the deal-term tests compare
// these lists.

#include <string>
#include <string_view>
#include <vector>

#include "bot/pipeline/deal_terms.hpp"

namespace dq::pipeline {

using V = std::vector<std::string>;

inline V canon(std::string_view text, BareNumbers bare = BareNumbers::ignored) {
  V out;
  for (const auto& t : extract_deal_terms(text, bare)) out.push_back(t.canonical);
  return out;
}

inline V raws(std::string_view text) {
  V out;
  for (const auto& t : extract_deal_terms(text)) out.push_back(t.raw);
  return out;
}

}  // namespace dq::pipeline
