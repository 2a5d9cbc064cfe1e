#pragma once
// Runs one coroutine on a loop until the loop has nothing left to do, and returns what it returned (or
// rethrows what it threw). The one way tests drive an awaitable to the end.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <utility>

namespace dq::testing {

// On `executor` (e.g. trace::untraced(io.get_executor()) for code that opens spans).
template <class T, class Executor>
T run_to_completion(boost::asio::io_context& io, const Executor& executor, boost::asio::awaitable<T> op) {
  auto future = boost::asio::co_spawn(executor, std::move(op), boost::asio::use_future);
  io.restart();
  io.run();
  return future.get();
}

template <class T>
T run_to_completion(boost::asio::io_context& io, boost::asio::awaitable<T> op) {
  return run_to_completion(io, io.get_executor(), std::move(op));
}

}  // namespace dq::testing
