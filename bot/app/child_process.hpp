#pragma once
// Runs a program as a child process on the event loop: its stdout and stderr (merged) are read through a
// pipe with Asio, so the loop keeps serving other chats while it runs. No shell: argv is passed as is.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "bot/core/error.hpp"

namespace dq::app {

struct ChildResult {
  int exit_code = -1;  // 128 + signal when it was killed
  std::string output;  // stdout and stderr, interleaved as written, capped at `max_output` bytes
};

// Errors: child.spawn (cannot start it), child.timeout (killed after `timeout`). The child never outlives
// the bot: it gets SIGKILL when the bot's process dies (PR_SET_PDEATHSIG, even after a SIGKILL), and
// stop_children() ends the ones still running when the bot stops or abandons their handlers.
boost::asio::awaitable<core::Result<ChildResult>> run_child(boost::asio::any_io_executor executor,
                                                            std::vector<std::string> argv,
                                                            std::chrono::milliseconds timeout,
                                                            std::size_t max_output = 1 << 20);

// Sends SIGTERM to every child run_child started that has not been reaped, waits up to `grace` for them to
// exit, then SIGKILLs the rest; reaps them all. Returns how many were still running. Thread-safe.
int stop_children(std::chrono::milliseconds grace);

}  // namespace dq::app
