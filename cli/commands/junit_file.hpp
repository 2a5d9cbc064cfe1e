#pragma once
// `run --junit FILE`: writes the run's JUnit XML (render::junit_xml) atomically: a temp file next to FILE,
// flushed, then renamed over it, so a CI job never reads half a file and an old FILE stays whole when the
// write fails.

#include <string>

#include "bot/core/error.hpp"
#include "cli/harness/runner.hpp"
#include "cli/render/junit_output.hpp"

namespace dq::cli {

// Before a run: whether FILE can be written (not a directory; a file can be created beside it), so a live
// run does not spend its money first and fail after. Errors are cli::errc::junit_write.
core::Result<void> check_junit_target(const std::string& path);

// `run.hostname` empty: this machine's name. Errors are cli::errc::junit_write, naming FILE and why.
core::Result<void> write_junit_file(const std::string& path, const harness::RunOutcome& outcome,
                                    render::JunitRun run);

}  // namespace dq::cli
