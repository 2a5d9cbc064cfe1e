#pragma once
// Expectations of a scenario evaluated against what the pipeline produced. Pure: no clock, no I/O.
// Every expectation yields a CheckRow: pass, fail (with why) or not_evaluated (with why: e.g. an LLM judge
// in dry-run). Nothing is passed silently.

#include <string>
#include <vector>

#include "bot/core/mode.hpp"
#include "bot/pipeline/pipeline.hpp"
#include "bot/query/store_rows.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::harness {

// `turn` is 1-based. Checks come back in a fixed order (the order of the keys in scenarios/README.md).
std::vector<query::CheckRow> check_turn(const std::string& scenario, int turn,
                                        const scenario::TurnExpect& expect,
                                        const pipeline::TurnOutcome& outcome, core::Mode mode);

std::vector<query::CheckRow> check_debrief(const std::string& scenario, const scenario::DebriefExpect& expect,
                                           const pipeline::DebriefOutcome& outcome, core::Mode mode);

bool any_failed(const std::vector<query::CheckRow>& checks);

// A short, single-line excerpt of `text` for failure messages (at most `max` bytes, UTF-8 safe).
std::string excerpt(const std::string& text, std::size_t max = 160);

}  // namespace dq::harness
