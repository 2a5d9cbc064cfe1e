#pragma once
// Fire-and-forget coroutines that are never silent: spawn() starts `op` on `ex` and, should it throw, logs
// the exception as an error line named `event` (with the exception's text and, for a core::Error-carrying
// exception, nothing more: product code returns errors as values, so anything thrown here is a bug or a
// third-party failure). Use it instead of a co_spawn whose completion token is `detached`.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <exception>
#include <string>
#include <string_view>

#include "bot/trace/log.hpp"

namespace dq::trace {

// What an escaped exception says, for a log line ("unknown exception" for non-std ones).
inline std::string describe(const std::exception_ptr& e) {
  if (!e) return {};
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
    return "unknown exception";
  }
}

// `event` must outlive the coroutine (a string literal).
template <class Executor>
void spawn(const Executor& ex, boost::asio::awaitable<void> op, std::string_view event) {
  boost::asio::co_spawn(ex, std::move(op), [event](std::exception_ptr e) {
    if (e) log::error(event, {{"error", describe(e)}});
  });
}

}  // namespace dq::trace
