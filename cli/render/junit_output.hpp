#pragma once
// `run --junit FILE`: the run as JUnit XML, the format CI systems (Jenkins, GitLab) display. The document
// validates against the common JUnit schema, tests/junit/JUnit.xsd (windyroad's, which Jenkins accepts).
//
// Mapping (that schema allows at most one of failure/error/skipped per testcase, and no properties or output
// inside a testcase):
// - one <testsuite> per run (in <testsuites>), named "dealquest-test run <id>"; its properties carry the run
//   id, mode, status, calls, tokens and cost, and each testcase's cost as "cost_usd/<testcase name>";
// - one <testcase> per scenario, and per repetition with --repeat N: the first is named by the scenario id,
//   repetition k > 1 "<id> #k"; classname is the scenario id (CI groups the repetitions under it);
// - failed: one <failure> whose message names the first failing check and whose text lists every failing
//   check with its reason, then the checks that were not evaluated;
// - error, budget (the call the cap refused), stopped (the cap stopped the run before it ended) and
//   interrupted (a signal): <error>, type the error code or the status;
// - not_run and skipped: <skipped>; so is a scenario that passed without any check evaluated;
// - a scenario that passed with some checks not evaluated stays passed: those checks are listed in the
//   suite's <system-out>, under the scenario's line.
// Text is escaped for XML 1.0: markup characters as entities, control characters XML forbids and invalid
// UTF-8 as U+FFFD, so any text a model or a file produced gives a well-formed document.

#include <cstdint>
#include <string>
#include <string_view>

#include "cli/harness/runner.hpp"

namespace dq::render {

struct JunitRun {
  std::string run_id;
  std::string mode;             // "dry-run" | "replay" | "live" | "record"
  std::string status;           // the run's: passed | failed | error | interrupted | budget_exceeded
  std::int64_t started_ms = 0;  // wall clock, epoch ms (the suite's timestamp, UTC)
  std::int64_t wall_us = 0;     // the whole run (the suite's time)
  std::string hostname = {};    // empty: "localhost"
};

// The JUnit document for a run's outcome.
std::string junit_xml(const harness::RunOutcome& outcome, const JunitRun& run);

// `s` as XML 1.0 character data or attribute value (quotes, and in attributes tab/newline/CR as character
// references so parsers keep them).
std::string xml_escape(std::string_view s, bool attribute = false);

}  // namespace dq::render
