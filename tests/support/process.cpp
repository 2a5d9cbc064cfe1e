#include "tests/support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace dq::testing {
namespace {

// Everything the child needs, built before fork: between fork and exec a child of a multithreaded process
// (the fake servers run a thread) may only make async-signal-safe calls. No malloc, so no setenv: a lock
// another thread held at the fork would stay held forever in the child, a hang with no output at all.
class ExecPlan {
 public:
  ExecPlan(const std::vector<std::string>& argv, const ProcessOptions& options) : argv_(argv) {
    std::map<std::string, std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string_view entry(*e);
      const auto eq = entry.find('=');
      if (eq != std::string_view::npos) env[std::string(entry.substr(0, eq))] = entry.substr(eq + 1);
    }
    for (const auto& [k, v] : options.env) env[k] = v;
    for (const auto& [k, v] : env) env_.push_back(k + "=" + v);
    for (auto& a : argv_) argv_ptrs_.push_back(a.data());
    argv_ptrs_.push_back(nullptr);
    for (auto& e : env_) env_ptrs_.push_back(e.data());
    env_ptrs_.push_back(nullptr);
    cwd_ = options.cwd;
    stdin_path_ = options.stdin_path.empty() ? "/dev/null" : options.stdin_path;
  }
  const char* stdin_path() const { return stdin_path_.c_str(); }
  // In the child: changes directory and replaces the process image; returns only to exit 127.
  [[noreturn]] void exec() const {
    if (!cwd_.empty() && chdir(cwd_.c_str()) != 0) _exit(127);
    execvpe(argv_ptrs_[0], argv_ptrs_.data(), env_ptrs_.data());
    _exit(127);
  }

 private:
  std::vector<std::string> argv_, env_;
  std::vector<char*> argv_ptrs_, env_ptrs_;
  std::string cwd_, stdin_path_;
};

[[noreturn]] void exec_child(const ExecPlan& plan, int out_fd, int err_fd) {
  dup2(out_fd, 1);
  dup2(err_fd, 2);
  int in = open(plan.stdin_path(), O_RDONLY);
  dup2(in, 0);
  plan.exec();
}

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// waitpid with a deadline: the status, or nullopt when the process still runs once `deadline` passed.
std::optional<int> wait_for_exit(pid_t pid, std::chrono::seconds deadline) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    int status = 0;
    const pid_t got = waitpid(pid, &status, WNOHANG);
    if (got == pid || got < 0) return status;
    if (std::chrono::steady_clock::now() >= end) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Every thread's stack of a running process, from gdb (what a hung test needs to be diagnosed), or why not.
std::string thread_stacks(pid_t pid) {
  const char* tmp = getenv("TMPDIR");
  ProcessOptions options;
  options.deadline = std::chrono::seconds(60);
  RunningProcess gdb =
      start_process({"gdb", "-p", std::to_string(pid), "-batch", "-nx", "-ex", "thread apply all bt"},
                    tmp && *tmp ? tmp : "/tmp", options);
  std::optional<int> status = wait_for_exit(gdb.pid, std::chrono::seconds(60));
  if (!status) {
    kill(gdb.pid, SIGKILL);
    waitpid(gdb.pid, nullptr, 0);
  }
  std::string stacks = read_file(gdb.out_path) + read_file(gdb.err_path);
  unlink(gdb.out_path.c_str());
  unlink(gdb.err_path.c_str());
  if (status && exit_code_of(*status) == 127)
    return "(no stacks: gdb is not installed; scripts/packages.txt lists it)\n";
  return stacks;
}

}  // namespace

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

RunningProcess start_process(const std::vector<std::string>& argv, const std::string& out_dir,
                             const ProcessOptions& options) {
  static int counter = 0;
  RunningProcess p;
  const std::string stem = out_dir + "/proc" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  p.deadline = options.deadline;
  p.out_path = stem + ".out";
  p.err_path = stem + ".err";
  int out_fd = open(p.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int err_fd = open(p.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out_fd < 0 || err_fd < 0) throw std::runtime_error("cannot create output files in " + out_dir);
  const ExecPlan plan(argv, options);
  p.pid = fork();
  if (p.pid == 0) exec_child(plan, out_fd, err_fd);
  close(out_fd);
  close(err_fd);
  if (p.pid < 0) throw std::runtime_error("fork failed");
  return p;
}

ProcessResult wait_process(const RunningProcess& p) {
  std::optional<int> status = wait_for_exit(p.pid, p.deadline);
  std::string hung;
  if (!status) {
    hung = "\n[test] " + std::to_string(p.pid) + " still running after " +
           std::to_string(p.deadline.count()) + " s: killed. Its threads were at:\n" + thread_stacks(p.pid);
    kill(p.pid, SIGKILL);
    int killed = 0;
    waitpid(p.pid, &killed, 0);
    status = killed;
  }
  ProcessResult r;
  r.exit_code = exit_code_of(*status);
  r.out = read_file(p.out_path);
  r.err = read_file(p.err_path) + hung;
  unlink(p.out_path.c_str());
  unlink(p.err_path.c_str());
  return r;
}

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  const char* tmp = getenv("TMPDIR");
  return wait_process(start_process(argv, tmp && *tmp ? tmp : "/tmp", options));
}

ProcessResult run_with_terminal(const std::vector<std::string>& argv, const std::string& prompt,
                                const std::string& typed, const ProcessOptions& options) {
  const ExecPlan plan(argv, options);
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) plan.exec();
  ProcessResult r;
  bool sent = false;
  char buf[4096];
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (poll(&p, 1, 30'000) <= 0) break;
    ssize_t n = read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child closed the terminal
    r.out.append(buf, static_cast<std::size_t>(n));
    if (!sent && r.out.find(prompt) != std::string::npos) {
      const std::string line = typed + "\n";
      if (write(master, line.data(), line.size()) < 0) break;
      sent = true;
    }
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = exit_code_of(status);
  return r;
}

}  // namespace dq::testing
