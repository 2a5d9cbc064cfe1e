#include "tests/support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dq::testing {
namespace {

[[noreturn]] void exec_child(const std::vector<std::string>& argv, const ProcessOptions& options, int out_fd,
                             int err_fd) {
  dup2(out_fd, 1);
  dup2(err_fd, 2);
  int in = open(options.stdin_path.empty() ? "/dev/null" : options.stdin_path.c_str(), O_RDONLY);
  dup2(in, 0);
  if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) _exit(127);
  for (const auto& [k, v] : options.env) setenv(k.c_str(), v.c_str(), 1);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  _exit(127);
}

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
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
  p.out_path = stem + ".out";
  p.err_path = stem + ".err";
  int out_fd = open(p.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int err_fd = open(p.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out_fd < 0 || err_fd < 0) throw std::runtime_error("cannot create output files in " + out_dir);
  p.pid = fork();
  if (p.pid == 0) exec_child(argv, options, out_fd, err_fd);
  close(out_fd);
  close(err_fd);
  if (p.pid < 0) throw std::runtime_error("fork failed");
  return p;
}

ProcessResult wait_process(const RunningProcess& p) {
  int status = 0;
  waitpid(p.pid, &status, 0);
  ProcessResult r;
  r.exit_code = exit_code_of(status);
  r.out = read_file(p.out_path);
  r.err = read_file(p.err_path);
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
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) _exit(127);
    for (const auto& [k, v] : options.env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
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
