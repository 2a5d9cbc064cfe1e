#include "bot/app/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <cstring>
#include <memory>

#include "bot/app/app_errors.hpp"

namespace dq::app {
namespace asio = boost::asio;

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
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    co_return core::fail(errc::child_spawn, argv[0], std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {  // the child: only async-signal-safe calls until exec
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::execvp(args[0], args.data());
    static constexpr char kMsg[] = "cannot execute the program\n";
    (void)!::write(2, kMsg, sizeof kMsg - 1);
    ::_exit(127);
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
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out)
    co_return core::fail(errc::child_timeout, argv[0],
                         "did not finish within " + std::to_string(timeout.count()) + " ms");
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  co_return result;
}

}  // namespace dq::app
