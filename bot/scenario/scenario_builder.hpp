#pragma once
// Internal to dq_scenario: the schema of a scenario file, applied to a yaml-cpp tree that passed the
// pre-scan.

#include "bot/scenario/node_reader.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::scenario::detail {

// Reads `root` (the document) into a Scenario; every problem goes to `reader`, and the result is only
// meaningful when the reader has no errors afterwards.
Scenario build_scenario(NodeReader& reader, const Field& root);

}  // namespace dq::scenario::detail
