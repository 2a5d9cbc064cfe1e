#pragma once
// What the Markdown and HTML reports both show of a run, computed once: LLM calls, cost per scenario next
// to its estimate, the estimate's totals, and the failing checks grouped by scenario, repetition and turn.

#include <cstdint>
#include <string>
#include <vector>

#include "bot/query/run_report.hpp"

namespace dq::render {

// LLM spans (spans that name a model) of the run.
std::int64_t llm_calls(const query::RunReport& report);

struct ScenarioCost {
  std::string scenario;
  double actual_usd = 0;
  double estimate_usd = -1;  // the stored estimate's expected cost; < 0 when none was stored
};
// Every scenario of the run (and of its spans), by name.
std::vector<ScenarioCost> scenario_costs(const query::RunReport& report);

struct EstimateTotals {
  bool any = false;  // the run stored an estimate
  std::int64_t planned_calls = 0;
  double expected_usd = 0, worst_usd = 0;
};
EstimateTotals estimate_totals(const query::RunReport& report);
// "+12%" / "-3%": how far the actual cost is from the expected one; "-" without an estimate.
std::string estimate_error(double expected_usd, double actual_usd);

// The failing checks of one scenario, repetition and turn (a cell of the pass/fail matrix), and a scenario's
// infrastructure error (turn -2, check "error").
struct FailingCell {
  std::string scenario;
  int repetition = 1;
  int turn = 0;
  std::vector<query::CheckRow> checks;
  std::string anchor = {};  // "fail-<n>", unique in the report
};
std::vector<FailingCell> failing_cells(const query::RunReport& report);

// check_place, and "scenario" for the infrastructure error's turn (-2).
std::string cell_place(int turn);

// True when any scenario ran more than once (the reports then show the repetition).
bool repeated(const query::RunReport& report);

// Every judged check (judge, conversation_judge) with its reasoning, passed or failed: a judge's reasoning is
// worth reading when it passed too. In the order of the rows.
std::vector<query::CheckRow> judged_checks(const query::RunReport& report);

}  // namespace dq::render
