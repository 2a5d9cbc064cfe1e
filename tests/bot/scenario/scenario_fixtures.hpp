#pragma once
// Shared by the scenario tests: the smallest valid scenario, and helpers that expect a rejection.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "bot/scenario/scenario_parser.hpp"

namespace dq::scenario::fixtures {

// The smallest valid scenario; tests append or replace lines to make one mistake at a known place.
constexpr std::string_view kMinimal = R"(id: raise
title: Asking for a raise
persona: {name: Dana, role: manager}
facts: [Budget is $5,000]
agents:
  counterpart: {model: m1, max_tokens: 100}
  coach: {model: m2, max_tokens: 100}
turns:
  - user: hi
)";

// kMinimal with another id.
inline std::string minimal_with_id(const std::string& id) {
  return "id: " + id + std::string(kMinimal.substr(kMinimal.find('\n')));
}

inline std::vector<core::Error> errors_of(std::string_view text) {
  auto parsed = parse_scenario(text, "s.yaml");
  EXPECT_FALSE(parsed.has_value()) << "expected the scenario to be rejected";
  return parsed ? std::vector<core::Error>{} : parsed.error();
}

// The only error of `text`, asserted to be the only one.
inline core::Error only_error(std::string_view text) {
  auto errors = errors_of(text);
  EXPECT_EQ(errors.size(), 1u);
  if (errors.size() > 1) {
    for (const auto& e : errors) ADD_FAILURE() << e.to_string();
  }
  return errors.empty() ? core::Error{} : errors.front();
}

}  // namespace dq::scenario::fixtures
