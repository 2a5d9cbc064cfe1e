#pragma once
// Runs a built program the way a person would, for end-to-end tests: argv, an optional environment override
// and working directory; captures stdout and stderr; returns the exit code (128+N when killed by signal N).

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace dq::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::string cwd;                         // empty: inherit
  std::map<std::string, std::string> env;  // added to (or replacing in) the current environment
  std::string stdin_path = {};             // a file to read as stdin; empty: /dev/null
  // How long wait_process waits. Past it the program counts as hung: its threads' stacks (gdb, when
  // installed) are added to `err`, it is killed, and its exit code is 128+SIGKILL. Below the e2e tests'
  // ctest timeout, so a hang fails with a diagnosis instead of a silent ctest kill.
  std::chrono::seconds deadline = std::chrono::seconds(90);
};

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// Starts a program in the background with stdout/stderr going to files; wait_process collects it.
struct RunningProcess {
  pid_t pid = -1;
  std::string out_path;
  std::string err_path;
  std::chrono::seconds deadline = std::chrono::seconds(90);  // ProcessOptions::deadline
};
RunningProcess start_process(const std::vector<std::string>& argv, const std::string& out_dir,
                             const ProcessOptions& options = {});
ProcessResult wait_process(const RunningProcess& p);

std::string read_file(const std::string& path);

// Runs a program with a pseudo-terminal as stdin/stdout (so it sees a person at a terminal), writes `typed`
// to it once the program printed `prompt`, and returns everything it printed (stdout and stderr together).
ProcessResult run_with_terminal(const std::vector<std::string>& argv, const std::string& prompt,
                                const std::string& typed, const ProcessOptions& options = {});

}  // namespace dq::testing
