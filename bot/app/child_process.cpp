#include "bot/app/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "bot/app/app_errors.hpp"

namespace dq::app {
namespace asio = boost::asio;
namespace {

// The children started and not yet reaped.
std::mutex children_mutex;
std::set<pid_t>& children() {
  static auto* all = new std::set<pid_t>();  // never destroyed: stop_children may run during exit
  return *all;
}

// Reaps `pid` if it has exited; true when it is gone (reaped here or elsewhere).
bool reaped(pid_t pid) {
  int status = 0;
  const pid_t r = ::waitpid(pid, &status, WNOHANG);
  return r == pid || (r < 0 && errno == ECHILD);
}

}  // namespace

int stop_children(std::chrono::milliseconds grace) {
  std::set<pid_t> running;
  {
    std::lock_guard lock(children_mutex);
    running.swap(children());
  }
  for (pid_t pid : running) ::kill(pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  std::set<pid_t> left = running;
  while (!left.empty() && std::chrono::steady_clock::now() < deadline) {
    std::erase_if(left, reaped);
    if (!left.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (pid_t pid : left) {
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  return static_cast<int>(running.size());
}

asio::awaitable<core::Result<ChildResult>> run_child(asio::any_io_executor executor,
                                                     std::vector<std::string> argv,
                                                     std::chrono::milliseconds timeout,
                                                     std::size_t max_output) {
  if (argv.empty()) co_return core::fail(errc::child_spawn, "", "no program to run");
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    co_return core::fail(errc::child_spawn, argv[0], std::string("pipe: ") + std::strerror(errno));
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    co_return core::fail(errc::child_spawn, argv[0], std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {  // the child: only async-signal-safe calls until exec
    // Killed when the bot dies, however it dies (no one is left to read its result, and it must not go on
    // spending); if the bot already has, do not start at all.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(128 + SIGKILL);
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::execvp(args[0], args.data());
    static constexpr char kMsg[] = "cannot execute the program\n";
    (void)!::write(2, kMsg, sizeof kMsg - 1);
    ::_exit(127);
  }
  {
    std::lock_guard lock(children_mutex);
    children().insert(pid);
  }
  ::close(fds[1]);
  asio::posix::stream_descriptor pipe(executor, fds[0]);
  asio::steady_timer deadline(executor, timeout);
  bool timed_out = false;
  auto alive = std::make_shared<bool>(true);  // the handler may run after this frame is gone
  deadline.async_wait([&pipe, &timed_out, pid, alive](const boost::system::error_code& ec) {
    if (ec || !*alive) return;
    timed_out = true;
    ::kill(pid, SIGKILL);
    pipe.cancel();
  });
  ChildResult result;
  char buf[8192];
  for (;;) {
    auto read = pipe.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    auto [ec, n] = co_await std::move(read);
    if (n > 0 && result.output.size() < max_output)
      result.output.append(buf, std::min(n, max_output - result.output.size()));
    if (ec) break;  // EOF, or cancelled by the deadline
  }
  *alive = false;
  deadline.cancel();
  bool ours = false;  // false: stop_children took it (and reaps it)
  {
    std::lock_guard lock(children_mutex);
    ours = children().erase(pid) > 0;
  }
  int status = 0;
  if (ours) {
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  } else {
    status = SIGTERM;  // as WTERMSIG reads it: ended by the bot's stop
  }
  if (timed_out)
    co_return core::fail(errc::child_timeout, argv[0],
                         "did not finish within " + std::to_string(timeout.count()) + " ms");
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  co_return result;
}

}  // namespace dq::app
