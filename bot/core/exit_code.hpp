#pragma once
// The one place exit codes are defined; only cli_main and the bot's main turn results into them.

namespace dq::core {

enum class ExitCode : int {
  ok = 0,              // everything ran and every check passed
  checks_failed = 1,   // something ran and at least one expectation failed
  usage = 2,           // bad command line or bad input file; nothing (more) was run
  infrastructure = 3,  // the store, the disk or a peer failed us
  interrupted = 130,   // SIGINT/SIGTERM: work stopped, traces drained, run marked interrupted
};

constexpr int to_int(ExitCode c) {
  return static_cast<int>(c);
}

}  // namespace dq::core
