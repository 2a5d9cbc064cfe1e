#include "bot/runtime/runtime.hpp"

#include "bot/core/ids.hpp"
#include "bot/runtime/process_owner.hpp"
#include "bot/store/open_trace_store.hpp"
#include "bot/trace/log.hpp"
#include "bot/trace/span_queue.hpp"
#include "bot/trace/tee_trace_sink.hpp"
#include "bot/trace/tracer.hpp"

namespace dq::runtime {

Runtime::Runtime(RuntimeOptions options, const core::Clock& clock)
    : options_(std::move(options)), clock_(clock) {}

std::expected<std::unique_ptr<Runtime>, OpenError> Runtime::open(
    RuntimeOptions options, const std::vector<scenario::Scenario>& scenarios, const cost::PriceTable& prices,
    const llm::EnvLookup& env, const core::Clock& clock) {
  std::unique_ptr<Runtime> rt(new Runtime(std::move(options), clock));
  rt->io_ = std::make_unique<boost::asio::io_context>(1);
  auto llm = LlmStack::create(rt->io_->get_executor(), scenarios, prices, rt->options_.llm, env, clock);
  if (!llm) return std::unexpected(OpenError{llm.error()});
  rt->llm_ = std::move(*llm);

  auto store = store::open_trace_store(rt->options_.store_path);
  if (!store) return std::unexpected(OpenError{store.error(), core::ExitCode::infrastructure});
  rt->store_ = std::move(*store);

  // Runs whose process died without finishing them (SIGKILL, a crash) are marked first, so report says so.
  if (auto marked = rt->store_->mark_abandoned_runs(process_alive); !marked)
    return std::unexpected(OpenError{marked.error(), core::ExitCode::infrastructure});
  else if (!marked->empty())
    log::info("store.runs_abandoned", {{"runs", std::to_string(marked->size())}, {"first", marked->front()}});

  query::RunRow& run = rt->run_;
  run.owner = process_identity();
  run.run_id = core::new_run_id(clock.wall_ms());
  run.mode = rt->options_.run_mode;
  run.status = "running";
  run.started_ms = clock.wall_ms();
  run.scenarios = rt->options_.scenarios;
  run.note = rt->options_.run_note;
  if (auto begun = rt->store_->begin_run(run); !begun)
    return std::unexpected(OpenError{begun.error(), core::ExitCode::infrastructure});
  trace::TraceSink* sink = rt->store_.get();
  if (rt->options_.also_write_to != nullptr) {
    rt->tee_ = std::make_unique<trace::TeeTraceSink>(*rt->store_, *rt->options_.also_write_to);
    sink = rt->tee_.get();
  }
  rt->queue_ = std::make_unique<trace::SpanQueue>(*sink);
  rt->tracer_ = std::make_unique<trace::Tracer>(clock, *rt->queue_, rt->options_.io_sample);
  return rt;
}

Runtime::~Runtime() {
  if (queue_ && !finished_) finish("error");
  llm_.reset();
  // A task that never finished must not be destroyed: its frame points into front-end objects that are gone.
  // The loop is kept (reachable, unrun) until the process exits.
  if (abandoned_) {
    static auto* kept = new std::vector<boost::asio::io_context*>();  // never destroyed, not even at exit
    kept->push_back(io_.release());
  }
  io_.reset();
}

trace::SpanQueueStats Runtime::span_stats() const {
  return queue_->stats();
}

bool Runtime::settle(std::chrono::milliseconds bound) {
  llm_->cancel_all();
  io_->restart();
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (!io_->stopped() && std::chrono::steady_clock::now() < deadline) io_->run_one_until(deadline);
  abandoned_ = !io_->stopped();
  if (abandoned_)
    log::warn("runtime.tasks_abandoned", {{"open_spans", std::to_string(tracer_->open_spans())}});
  return !abandoned_;
}

const Finished& Runtime::finish(std::string status) {
  if (finished_) return *finished_;
  queue_->stop();  // drains every span still queued into the store
  const trace::SpanQueueStats stats = queue_->stats();
  Finished f;
  f.spans_written = stats.written;
  f.write_failed = stats.write_failed;
  f.write_error = stats.last_error;
  const std::int64_t open = tracer_->open_spans();
  f.spans_dropped = stats.dropped + stats.write_failed + static_cast<std::uint64_t>(open > 0 ? open : 0);
  run_.status = std::move(status);
  run_.ended_ms = clock_.wall_ms();
  run_.dropped_spans = f.spans_dropped;
  if (open > 0) run_.note += "; " + std::to_string(open) + " spans of abandoned tasks were not written";
  if (auto done = store_->finish_run(run_); !done) {
    f.stored = false;
    f.store_error = done.error().to_string();
    log::error("runtime.finish_run_failed", {{"error", f.store_error}});
  }
  finished_ = std::move(f);
  return *finished_;
}

}  // namespace dq::runtime
