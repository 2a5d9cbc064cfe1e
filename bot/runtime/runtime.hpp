#pragma once
// The one composition root both programs build on (`dealquest-test run`, `dealquest-bot` on Telegram and in
// the console): the event loop, the LLM stack for the mode, the trace store with its span queue and tracer,
// and the run row, begun by open() and ended by finish().
//
// Shutdown order is the point of this class. Coroutine frames a front end abandoned (a handler still waiting
// on a slow provider when the drain bound ran out) hold Spans and HTTP transfers. settle() first ends every
// provider call in flight and lets such frames unwind; a frame that still does not finish is never destroyed
// (the loop is kept, unrun, until exit), so nothing it points to is touched after it is freed, and its open
// spans are counted as dropped on the run. Members are declared so that the loop outlives the I/O objects
// bound to it (the LLM stack's HTTP client) and the span queue and tracer outlive the loop.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"
#include "bot/core/error.hpp"
#include "bot/core/exit_code.hpp"
#include "bot/query/store_rows.hpp"
#include "bot/runtime/llm_stack.hpp"

namespace dq::store {
class TraceStore;
}
namespace dq::trace {
class SpanQueue;
class Tracer;
class TraceSink;
struct SpanQueueStats;
}  // namespace dq::trace

namespace dq::runtime {

struct RuntimeOptions {
  LlmOptions llm;
  std::string store_path;
  // The share (0..1) of traces that keep their I/O whatever happens; the others keep it only when a span
  // fails (trace/trace_io.hpp). Harness runs keep all by default, the bot 10% (kBotIoSample).
  double io_sample = 1.0;
  std::string run_mode;  // the run row's mode: "dry-run" | "replay" | "live" | "bot"
  std::string run_note;  // the run row's first note
  int scenarios = 0;     // the run row's scenario count
  // Each batch the span writer stores goes here too, after the store (the bot's OTLP exporter). Its
  // write_batch must not wait on I/O; it outlives the Runtime's finish(). nullptr: the store only.
  trace::TraceSink* also_write_to = nullptr;
};

inline constexpr double kBotIoSample = 0.10;

struct OpenError {
  core::Error error;
  core::ExitCode exit =
      core::ExitCode::usage;  // usage: a missing key, a bad provider; infrastructure: the store
};

struct Finished {
  std::uint64_t spans_written = 0;
  std::uint64_t spans_dropped = 0;  // queue full, write failures, and spans of abandoned tasks
  std::uint64_t write_failed = 0;
  std::string write_error;
  bool stored = true;  // the run row's end reached the store
  std::string store_error;
};

class Runtime {
 public:
  static std::expected<std::unique_ptr<Runtime>, OpenError> open(
      RuntimeOptions options, const std::vector<scenario::Scenario>& scenarios,
      const cost::PriceTable& prices, const llm::EnvLookup& env, const core::Clock& clock);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  boost::asio::io_context& io() { return *io_; }
  const core::Clock& clock() const { return clock_; }
  LlmStack& llm() { return *llm_; }
  trace::Tracer& tracer() { return *tracer_; }
  store::TraceStore& store() { return *store_; }
  const std::string& store_path() const { return options_.store_path; }
  query::RunRow& run() { return run_; }
  // What the span queue wrote and lost so far (a store that fails loses spans, counted; the bot goes on).
  trace::SpanQueueStats span_stats() const;

  // After the front end stopped: ends provider calls still in flight and runs the loop until every task
  // finished, for at most `bound`. Returns false when some task is still pending (it is abandoned).
  bool settle(std::chrono::milliseconds bound);
  // Drains the span queue and stores the run row's end (status, note, counts as set on run()); the spans of
  // abandoned tasks are added to the dropped count. Idempotent; the destructor calls it with "error".
  const Finished& finish(std::string status);

 private:
  Runtime(RuntimeOptions options, const core::Clock& clock);

  RuntimeOptions options_;
  const core::Clock& clock_;
  query::RunRow run_;
  std::unique_ptr<store::TraceStore> store_;
  std::unique_ptr<trace::TraceSink> tee_;  // the store, then also_write_to (null without it)
  std::unique_ptr<trace::SpanQueue> queue_;
  std::unique_ptr<trace::Tracer> tracer_;
  std::unique_ptr<boost::asio::io_context> io_;  // after the tracer: destroyed before it
  std::unique_ptr<LlmStack> llm_;                // after the loop: its HTTP client is destroyed first
  bool abandoned_ = false;
  std::optional<Finished> finished_;
};

}  // namespace dq::runtime
