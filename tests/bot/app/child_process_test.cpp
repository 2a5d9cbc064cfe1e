// A child started by run_child never outlives the bot: stop_children ends it (SIGTERM, then SIGKILL after
// the grace), and a bot that dies outright takes it along (PR_SET_PDEATHSIG). No test sleeps: the child
// announces itself through a FIFO (opening it blocks until the test reads), and a process's end is awaited
// on its pidfd with a deadline.
#include "bot/app/child_process.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <fstream>
#include <optional>
#include <thread>

#include "tests/support/temp_dir.hpp"

namespace dq::app {
namespace {

using namespace std::chrono_literals;

// A FIFO the child writes its pid to once it is ready; reading it waits for that moment.
struct Announce {
  explicit Announce(const testing::TempDir& dir) : path((dir / "ready").string()) {
    EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0);
  }
  pid_t read_pid() const {
    std::ifstream in(path);  // blocks until the child opens it for writing
    pid_t pid = -1;
    in >> pid;
    return pid;
  }
  std::string path;
};

// A file descriptor of `pid` that becomes readable when it exits (pidfd_open(2); glibc's wrapper is
// declared without C linkage in bookworm's header, so the system call is made directly).
int pidfd_open(pid_t pid) {
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

// Whether `pid` has ended within `timeout`, awaited on its pidfd (readable once the process exits).
bool ends_within(pid_t pid, std::chrono::milliseconds timeout) {
  const int fd = pidfd_open(pid);
  if (fd < 0) return errno == ESRCH;  // already gone
  pollfd p{fd, POLLIN, 0};
  const bool ended = ::poll(&p, 1, static_cast<int>(timeout.count())) == 1;
  ::close(fd);
  return ended;
}

// Runs `argv` through run_child on a loop in another thread.
struct Running {
  boost::asio::io_context io;
  std::optional<core::Result<ChildResult>> result;
  std::thread loop;
  explicit Running(std::vector<std::string> argv) {
    boost::asio::co_spawn(io, run_child(io.get_executor(), std::move(argv), 60s),
                          [this](std::exception_ptr, core::Result<ChildResult> r) { result = std::move(r); });
    loop = std::thread([this] { io.run(); });
  }
  ~Running() { loop.join(); }
};

TEST(ChildProcess, StopChildrenEndsARunningChildWithSigterm) {
  testing::TempDir dir;
  Announce ready(dir);
  pid_t child = -1;
  {
    Running r({"sh", "-c", "echo $$ > " + ready.path + "; exec sleep 30"});
    child = ready.read_pid();
    ASSERT_GT(child, 0);
    EXPECT_EQ(stop_children(5s), 1);
  }
  EXPECT_TRUE(ends_within(child, 0ms)) << "stop_children reaped it";
}

TEST(ChildProcess, AChildThatIgnoresSigtermIsKilledAfterTheGrace) {
  testing::TempDir dir;
  Announce ready(dir);
  pid_t child = -1;
  const auto start = std::chrono::steady_clock::now();
  {
    Running r({"sh", "-c", "trap '' TERM; echo $$ > " + ready.path + "; exec sleep 30"});
    child = ready.read_pid();  // SIGTERM is ignored from here on
    ASSERT_GT(child, 0);
    EXPECT_EQ(stop_children(300ms), 1);
  }
  EXPECT_TRUE(ends_within(child, 0ms));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s) << "not the child's 30 s";
}

TEST(ChildProcess, TheChildDiesWithItsParentEvenWhenTheParentIsKilled) {
  testing::TempDir dir;
  Announce ready(dir);
  const pid_t parent = ::fork();
  ASSERT_GE(parent, 0);
  if (parent == 0) {  // a stand-in for the bot: starts a child, then waits to be killed
    boost::asio::io_context io;
    boost::asio::co_spawn(
        io, run_child(io.get_executor(), {"sh", "-c", "echo $$ > " + ready.path + "; exec sleep 30"}, 60s),
        [](std::exception_ptr, core::Result<ChildResult>) {});
    io.run();
    ::_exit(0);
  }
  const pid_t child = ready.read_pid();
  ASSERT_GT(child, 0);
  const int child_fd = pidfd_open(child);  // held from before the parent's death: no pid reuse
  ASSERT_GE(child_fd, 0);
  ::kill(parent, SIGKILL);
  ASSERT_EQ(::waitpid(parent, nullptr, 0), parent);
  pollfd p{child_fd, POLLIN, 0};
  EXPECT_EQ(::poll(&p, 1, 10'000), 1) << "the child outlived its killed parent";
  ::close(child_fd);
}

}  // namespace
}  // namespace dq::app
