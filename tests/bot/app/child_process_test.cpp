// A child started by run_child never outlives the bot: stop_children ends it (SIGTERM, then SIGKILL after
// the grace), and a bot that dies outright takes it along (PR_SET_PDEATHSIG).
#include "bot/app/child_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>
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

bool gone(pid_t pid) {
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

// Runs `argv` through run_child on a loop in another thread; `pid_file` is where the child writes its pid.
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

pid_t wait_for_pid(const std::string& path) {
  for (auto deadline = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < deadline;
       std::this_thread::sleep_for(5ms)) {
    std::ifstream in(path);
    pid_t pid = 0;
    if (in >> pid && pid > 0) return pid;
  }
  return -1;
}

TEST(ChildProcess, StopChildrenEndsARunningChildWithSigterm) {
  testing::TempDir dir;
  const std::string pid_file = (dir / "pid").string();
  pid_t child = -1;
  {
    Running r({"sh", "-c", "echo $$ > " + pid_file + "; exec sleep 30"});
    child = wait_for_pid(pid_file);
    ASSERT_GT(child, 0);
    EXPECT_EQ(stop_children(5s), 1);
  }
  EXPECT_TRUE(gone(child));
}

TEST(ChildProcess, AChildThatIgnoresSigtermIsKilledAfterTheGrace) {
  testing::TempDir dir;
  const std::string pid_file = (dir / "pid").string();
  pid_t child = -1;
  const auto start = std::chrono::steady_clock::now();
  {
    Running r({"sh", "-c", "trap '' TERM; echo $$ > " + pid_file + "; exec sleep 30"});
    child = wait_for_pid(pid_file);
    ASSERT_GT(child, 0);
    EXPECT_EQ(stop_children(300ms), 1);
  }
  EXPECT_TRUE(gone(child));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s) << "not the child's 30 s";
}

TEST(ChildProcess, TheChildDiesWithItsParentEvenWhenTheParentIsKilled) {
  testing::TempDir dir;
  const std::string pid_file = (dir / "pid").string();
  const pid_t parent = ::fork();
  ASSERT_GE(parent, 0);
  if (parent == 0) {  // a stand-in for the bot: starts a child, then waits to be killed
    boost::asio::io_context io;
    boost::asio::co_spawn(
        io, run_child(io.get_executor(), {"sh", "-c", "echo $$ > " + pid_file + "; exec sleep 30"}, 60s),
        [](std::exception_ptr, core::Result<ChildResult>) {});
    io.run();
    ::_exit(0);
  }
  const pid_t child = wait_for_pid(pid_file);
  ASSERT_GT(child, 0);
  ::kill(parent, SIGKILL);
  ASSERT_EQ(::waitpid(parent, nullptr, 0), parent);
  bool ended = false;
  for (auto deadline = std::chrono::steady_clock::now() + 10s;
       !ended && std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(10ms))
    ended = gone(child);
  EXPECT_TRUE(ended) << "the child outlived its killed parent";
}

}  // namespace
}  // namespace dq::app
