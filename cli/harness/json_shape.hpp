#pragma once
// Checks the coach's JSON against a scenario's `json_shape`: each field present (unless optional) with the
// declared type, numbers within min/max, arrays with at least min_items. Pure.

#include <string>
#include <vector>

#include "bot/scenario/scenario.hpp"

namespace dq::harness {

// Problems found, one per line-worthy message; empty when the JSON has the shape. `json_text` that does not
// parse, or is not an object, is one problem.
std::vector<std::string> check_json_shape(const std::string& json_text,
                                          const std::vector<scenario::JsonField>& shape);

}  // namespace dq::harness
