#include "bot/otlp/trace_exporter.hpp"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <deque>
#include <map>
#include <set>

#include "bot/otlp/otlp_errors.hpp"
#include "bot/trace/log.hpp"

namespace dq::otlp {
namespace {

namespace asio = boost::asio;
using SteadyTime = std::chrono::steady_clock::time_point;

// Traces whose root was sent, remembered so that a span ending after its root (spawned work) still goes out
// with the trace's run, scenario and turn.
constexpr std::size_t kRememberedRoots = 4'096;
// How often the thread looks up from a request under way to see whether stop()'s bound ran out.
constexpr std::chrono::milliseconds kAbandonCheck{50};

// Timers whose waits in progress can all be ended at once (stop()'s bound: the sender's backoff).
class StoppableTimers final : public trace::Timers {
 public:
  explicit StoppableTimers(trace::Timers& inner) : inner_(inner) {}
  const core::Clock& clock() const override { return inner_.clock(); }
  std::unique_ptr<trace::Timer> make(asio::any_io_executor executor) override {
    return std::make_unique<Stoppable>(*this, inner_.make(std::move(executor)));
  }
  void cancel_all() {
    for (Stoppable* t : live_) t->cancel();
  }

 private:
  class Stoppable final : public trace::Timer {
   public:
    Stoppable(StoppableTimers& owner, std::unique_ptr<trace::Timer> inner)
        : owner_(owner), inner_(std::move(inner)) {
      owner_.live_.insert(this);
    }
    ~Stoppable() override { owner_.live_.erase(this); }
    asio::awaitable<bool> wait_for(std::chrono::nanoseconds d) override { return inner_->wait_for(d); }
    void cancel() override { inner_->cancel(); }

   private:
    StoppableTimers& owner_;
    std::unique_ptr<trace::Timer> inner_;
  };

  trace::Timers& inner_;
  std::set<Stoppable*> live_;
};

struct Held {
  std::optional<query::TraceRow> trace;
  std::vector<query::SpanRow> spans;
  SteadyTime since;
};

}  // namespace

// What the thread keeps between rounds: its event loop, client and timers, and the traces it holds.
struct TraceExporter::Worker {
  asio::io_context io{1};
  std::unique_ptr<http::HttpClient> client;  // after `io`: destroyed first
  std::unique_ptr<StoppableTimers> timers;
  std::map<std::string, Held> held;
  std::size_t held_spans = 0;
  std::map<std::string, query::TraceRow> sent_roots;
  std::deque<std::string> sent_order;
  std::uint64_t sent = 0, failed = 0, requests = 0;
  std::string last_error;
};

TraceExporter::TraceExporter(ExporterOptions options, HttpClientFactory make_client,
                             std::unique_ptr<trace::Timers> timers)
    : options_(std::move(options)), make_client_(std::move(make_client)), timers_(std::move(timers)) {
  thread_ = std::thread([this] { run(); });
}

TraceExporter::~TraceExporter() {
  stop(kDefaultExportDrain);
}

core::Result<void> TraceExporter::write_batch(std::span<const trace::SpanRecord> spans) {
  std::vector<Queued> rows;
  rows.reserve(spans.size());
  for (const trace::SpanRecord& s : spans)
    rows.push_back({s.trace_id.hex(), span_row(s), s.is_root() ? std::optional(trace_row(s)) : std::nullopt});
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    stats_.received += rows.size();
    const std::size_t used = queue_.size() + held_spans_;
    const std::size_t room = stopping_ || used >= options_.capacity ? 0 : options_.capacity - used;
    const std::size_t taken = std::min(room, rows.size());
    std::move(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(taken), std::back_inserter(queue_));
    enqueued_seq_ += taken;
    stats_.dropped += rows.size() - taken;
    wake = queue_.size() >= options_.batch_spans;
  }
  if (wake) wake_.notify_one();
  return {};
}

void TraceExporter::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = enqueued_seq_;
  flush_requested_ = true;
  wake_.notify_one();
  done_.wait(lock, [&] { return done_seq_ >= target || finished_; });
}

void TraceExporter::stop(std::chrono::milliseconds bound) {
  std::unique_lock lock(mutex_);
  if (!thread_.joinable()) return;
  stopping_ = true;
  wake_.notify_one();
  if (!done_.wait_for(lock, bound, [&] { return finished_; })) abandon_ = true;
  lock.unlock();
  thread_.join();
  const ExportStats s = stats();
  log::info("export.stopped", {{"sent", std::to_string(s.sent)},
                               {"dropped", std::to_string(s.dropped)},
                               {"failed", std::to_string(s.failed)},
                               {"requests", std::to_string(s.requests)}});
}

ExportStats TraceExporter::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void TraceExporter::run() {
  Worker r;
  r.client = make_client_(r.io.get_executor());
  r.timers = std::make_unique<StoppableTimers>(*timers_);
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, options_.every,
                   [&] { return stopping_ || flush_requested_ || queue_.size() >= options_.batch_spans; });
    const bool last = stopping_;
    const bool everything = last || flush_requested_;
    flush_requested_ = false;
    std::vector<Queued> taken;
    taken.swap(queue_);
    const std::uint64_t newly_dropped = stats_.dropped - dropped_logged_;
    dropped_logged_ = stats_.dropped;
    held_spans_ += taken.size();  // still counted against the capacity while the thread works on them
    lock.unlock();

    if (newly_dropped > 0)
      log::warn("export.dropped", {{"spans", std::to_string(newly_dropped)},
                                   {"reason", "queue full"},
                                   {"capacity", std::to_string(options_.capacity)}});
    const std::uint64_t before = r.sent + r.failed;
    round(r, std::move(taken), everything);

    lock.lock();
    held_spans_ = r.held_spans;
    done_seq_ += r.sent + r.failed - before;
    stats_.sent = r.sent;
    stats_.failed = r.failed;
    stats_.requests = r.requests;
    stats_.last_error = r.last_error;
    done_.notify_all();
    if (last) break;  // stopping_ was set before the queue was taken: nothing was queued after it
  }
  finished_ = true;
  done_.notify_all();
  lock.unlock();
  r.client.reset();  // before the loop it is bound to
}

void TraceExporter::hold(Worker& r, std::vector<Queued> taken) {
  const SteadyTime now = std::chrono::steady_clock::now();
  for (Queued& q : taken) {
    auto [it, added] = r.held.try_emplace(q.trace_id);
    Held& h = it->second;
    if (added) {
      h.since = now;
      if (auto known = r.sent_roots.find(q.trace_id); known != r.sent_roots.end()) h.trace = known->second;
    }
    if (q.trace) h.trace = std::move(q.trace);
    h.spans.push_back(std::move(q.span));
  }
}

std::vector<ExportTrace> TraceExporter::take_ready(Worker& r, bool everything) {
  const SteadyTime now = std::chrono::steady_clock::now();
  std::vector<ExportTrace> ready;
  for (auto it = r.held.begin(); it != r.held.end();) {
    Held& h = it->second;
    if (!h.trace && !everything && now - h.since < options_.hold_incomplete) {
      ++it;
      continue;
    }
    query::TraceRow trace;
    if (h.trace) {
      trace = std::move(*h.trace);
      if (r.sent_roots.emplace(it->first, trace).second) r.sent_order.push_back(it->first);
      if (r.sent_order.size() > kRememberedRoots) {
        r.sent_roots.erase(r.sent_order.front());
        r.sent_order.pop_front();
      }
    } else {
      trace.trace_id = it->first;
      trace.status = "unknown";  // its root span never reached the exporter
    }
    ready.push_back({std::move(trace), std::move(h.spans), options_.from_bot});
    it = r.held.erase(it);
  }
  r.held_spans = 0;
  for (const auto& [id, h] : r.held) r.held_spans += h.spans.size();
  return ready;
}

core::Result<SendReport> TraceExporter::post(Worker& r, std::string body) {
  if (abandon_) return core::fail(errc::send_failed, options_.url, "not sent: stop()'s bound ran out");
  std::optional<core::Result<SendReport>> result;
  SendPolicy policy = options_.send;
  policy.stopped = [this] { return abandon_.load(); };
  std::vector<std::string> one;
  one.push_back(std::move(body));
  auto send = send_batches(*r.client, *r.timers, r.io.get_executor(), options_.url, std::move(one),
                           std::move(policy));
  r.io.restart();
  asio::co_spawn(r.io, std::move(send), [&result, this](std::exception_ptr e, core::Result<SendReport> out) {
    if (!e) {
      result = std::move(out);
      return;
    }
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      result = core::fail(errc::send_failed, options_.url, std::string("the send failed: ") + ex.what());
    }
  });
  bool cancelled = false;
  while (!result && !r.io.stopped()) {
    r.io.run_one_for(kAbandonCheck);
    if (!cancelled && abandon_) {
      cancelled = true;  // stop()'s bound ran out: end the request or the backoff under way
      r.client->cancel_all();
      r.timers->cancel_all();
    }
  }
  if (!result) return core::fail(errc::send_failed, options_.url, "the send did not finish");
  return std::move(*result);
}

void TraceExporter::round(Worker& r, std::vector<Queued> taken, bool everything) {
  hold(r, std::move(taken));
  std::vector<ExportTrace> ready = take_ready(r, everything);
  if (ready.empty()) return;
  const std::size_t total = span_count(ready);
  std::vector<std::string> batches;
  try {
    batches = encode_batches(ready, {options_.service_version}, options_.batch_spans);
  } catch (const nlohmann::json::exception& e) {  // a span's text that is not UTF-8: the thread goes on
    r.failed += total;
    r.last_error = std::string("the spans could not be encoded: ") + e.what();
    log::error("export.failed", {{"spans", std::to_string(total)}, {"error", r.last_error}});
    return;
  }
  ready.clear();
  std::optional<core::Error> unreachable;  // a request ran out of retries: the rest of the round is not tried
  std::uint64_t failed_spans = 0, failed_requests = 0;
  for (std::size_t b = 0; b < batches.size(); ++b) {
    // encode_batches fills each request with batch_spans spans but the last.
    const std::size_t spans = std::min(options_.batch_spans, total - b * options_.batch_spans);
    core::Result<SendReport> sent = unreachable ? core::Result<SendReport>(std::unexpected(*unreachable))
                                                : post(r, std::move(batches[b]));
    if (sent) {
      r.sent += spans;
      r.requests += static_cast<std::uint64_t>(sent->requests);
      continue;
    }
    // Another request would only wait out the same retries while the queue fills.
    if (sent.error().is(errc::send_failed)) unreachable = sent.error();
    r.failed += spans;
    r.last_error = log::redacted(sent.error());
    failed_spans += spans;
    ++failed_requests;
  }
  if (failed_spans > 0)
    log::error("export.failed", {{"spans", std::to_string(failed_spans)},
                                 {"requests", std::to_string(failed_requests)},
                                 {"error", r.last_error}});
}

}  // namespace dq::otlp
