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
                                           const pipeline::DebriefOutcome& outcome);

// The expectations of turn `index` (0-based): a scripted turn's own `expect` with the scenario's
// `expect_each_turn` added (lists joined, a ceiling the turn leaves unset taken from it, faithfulness when
// either asks for it); a simulated turn's are `expect_each_turn` alone (faithfulness by default).
scenario::TurnExpect expect_for_turn(const scenario::Scenario& s, std::size_t index);

// A judge check (`check`: "judge" or "conversation_judge"): it passes when every sample parsed and the
// median score is at least the threshold; the detail gives the scores and the judge's reasoning either way.
query::CheckRow judge_check(const std::string& scenario, int turn, const std::string& check,
                            const scenario::JudgeSpec& spec, const pipeline::JudgeOutcome& outcome);
// In --dry-run: the mock_verdict when the spec gives one, else not evaluated.
query::CheckRow dry_run_judge_check(const std::string& scenario, int turn, const std::string& check,
                                    const scenario::JudgeSpec& spec);

bool any_failed(const std::vector<query::CheckRow>& checks);

// A short, single-line excerpt of `text` for failure messages (at most `max` bytes, UTF-8 safe).
std::string excerpt(const std::string& text, std::size_t max = 160);

}  // namespace dq::harness
