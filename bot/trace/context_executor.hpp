#pragma once
// Carries a trace context with a task on the Asio event loop.
//
// ContextExecutor wraps an executor and a TaskContext. Every function the loop runs through it (the start of
// a coroutine, and each resumption after a co_await) runs with that context current (ContextGuard), so code
// inside a pipeline reads its trace with trace::current_context() and never receives it as an argument.
// Awaited operations complete on the awaiting coroutine's executor, so the context follows the pipeline
// across every suspension, however many pipelines interleave on one thread.
//
// Heavy (Asio) header: include it only where tasks are spawned, never from widely included headers.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/require.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>
#include <type_traits>
#include <utility>

#include "bot/trace/span.hpp"
#include "bot/trace/trace_context.hpp"
#include "bot/trace/tracer.hpp"

namespace dq::trace {

template <class Inner>
class ContextExecutor {
 public:
  ContextExecutor(Inner inner, TaskContextPtr ctx) noexcept
      : inner_(std::move(inner)), ctx_(std::move(ctx)) {}

  const Inner& inner() const noexcept { return inner_; }
  const TaskContextPtr& context() const noexcept { return ctx_; }

  template <class Property>
  requires boost::asio::can_query<const Inner&, Property>::value decltype(auto) query(const Property& p) const
      noexcept(boost::asio::is_nothrow_query<const Inner&, Property>::value) {
    return boost::asio::query(inner_, p);
  }

  template <class Property>
  requires boost::asio::can_require<const Inner&, Property>::value auto require(const Property& p) const {
    using Next = std::decay_t<decltype(boost::asio::require(inner_, p))>;
    return ContextExecutor<Next>(boost::asio::require(inner_, p), ctx_);
  }

  template <class Property>
  requires boost::asio::can_prefer<const Inner&, Property>::value auto prefer(const Property& p) const {
    using Next = std::decay_t<decltype(boost::asio::prefer(inner_, p))>;
    return ContextExecutor<Next>(boost::asio::prefer(inner_, p), ctx_);
  }

  template <class Function>
  void execute(Function&& f) const {
    inner_.execute([ctx = ctx_, fn = std::forward<Function>(f)]() mutable {
      ContextGuard guard(ctx.get());
      std::move(fn)();
    });
  }

  friend bool operator==(const ContextExecutor& a, const ContextExecutor& b) noexcept {
    return a.ctx_ == b.ctx_ && a.inner_ == b.inner_;
  }
  friend bool operator!=(const ContextExecutor& a, const ContextExecutor& b) noexcept { return !(a == b); }

 private:
  Inner inner_;
  TaskContextPtr ctx_;
};

// An executor whose tasks run with no trace current. Untraced coroutines that await traced ones run on it,
// so nothing of a finished trace stays current in them after a traced child completes inline.
inline boost::asio::any_io_executor untraced(boost::asio::any_io_executor ex) {
  return ContextExecutor<boost::asio::any_io_executor>(std::move(ex), std::make_shared<TaskContext>());
}

// Runs `body` on `ex` as a new trace: a fresh trace id, a root span named `name` that carries `attrs` and
// ends when `body` returns (status error if it throws, or returns an expected-like error). Await the result.
//
// Deliberately not a coroutine itself: GCC 12 mis-copies class-type coroutine parameters initialised from
// prvalues (e.g. a braced `{}` argument), so the arguments are moved into the inner coroutine as xvalues.
template <class Executor, class T>
boost::asio::awaitable<T> in_new_trace(Executor ex, Tracer& tracer, std::string name, TraceAttributes attrs,
                                       boost::asio::awaitable<T> body) {
  auto ctx =
      std::make_shared<TaskContext>(TaskContext{&tracer, core::new_trace_id(tracer.clock().wall_ms()), {}});
  ContextExecutor<boost::asio::any_io_executor> traced_ex(boost::asio::any_io_executor(std::move(ex)), ctx);
  return boost::asio::co_spawn(
      traced_ex,
      [](std::string span_name, TraceAttributes a, boost::asio::awaitable<T> b) -> boost::asio::awaitable<T> {
        Span root = Span::root(span_name, std::move(a));
        try {
          if constexpr (std::is_void_v<T>) {
            co_await std::move(b);
            root.end();
          } else {
            T result = co_await std::move(b);
            // A body that returns an expected-like error marks the trace failed, with the error's text.
            if constexpr (requires {
                            result.has_value();
                            result.error().to_string();
                          }) {
              if (!result.has_value()) root.fail(result.error().to_string());
            }
            root.end();
            co_return result;
          }
        } catch (const std::exception& e) {
          root.fail(std::string("pipeline.exception: ") + e.what());
          throw;
        }
      }(std::move(name), std::move(attrs), std::move(body)),
      boost::asio::use_awaitable);
}

// Spawns `work` as a child of the current span (same trace); `done` sees its exception_ptr (and result).
// Use this, not a bare co_spawn on the current executor, for concurrent work inside a step: a bare co_spawn
// would share (and race on) the parent's innermost-span slot. `done` may not be asio::detached: what escapes
// a child must be seen (log it as trace::spawn does).
template <class Executor, class T, class Handler>
void spawn_child(Executor ex, boost::asio::awaitable<T> work, Handler&& done) {
  static_assert(!std::is_same_v<std::decay_t<Handler>, boost::asio::detached_t>,
                "spawn_child: pass a handler that sees the exception, not asio::detached");
  TaskContextPtr ctx = fork_current_context();
  if (!ctx) ctx = std::make_shared<TaskContext>();
  boost::asio::co_spawn(ContextExecutor<boost::asio::any_io_executor>(boost::asio::any_io_executor(ex), ctx),
                        std::move(work), std::forward<Handler>(done));
}

}  // namespace dq::trace
