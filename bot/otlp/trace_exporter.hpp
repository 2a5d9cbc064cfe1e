#pragma once
// The bot's continuous export (`export:` in its config, BRIEF §6): each batch of spans the span queue's
// writer thread hands the store is handed here too (trace::TeeTraceSink), turned into the rows
// `dealquest-test export` reads back (span_row, trace_row) and appended to a bounded queue of the exporter's
// own. That is all write_batch() does, so neither the writer thread nor, before it, any handler ever waits on
// a receiver.
//
// One thread of its own takes the queue every `every` (or at once on flush() and stop()), groups the spans by
// trace and holds a trace until its root span arrives (the root carries run, scenario and turn, which every
// span is exported with) or `hold_incomplete` passed; then POSTs the traces as OTLP/JSON with the encoder
// and the retrying sender `export --endpoint` uses (encode_batches, send_batches), one request at a time.
//
// Nothing is lost silently. Spans that find `capacity` spans already queued or held are dropped and counted
// (stats().dropped; one `export.dropped` warning per round with the count). The spans of a request that the
// receiver did not take after the retries, or refused, are counted as failed (one `export.failed` error per
// round with the counts and the last error); once a request ran out of retries, the rest of that round's
// are counted as failed without trying (each would only wait out the same retries while the queue fills).
// stop(bound) sends what is left, and at the bound cancels the request under way and counts whatever was not
// sent as failed.
//
// @par Thread safety: write_batch(), flush(), stats() from any thread; stop() from one.

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "bot/http/http_client.hpp"
#include "bot/otlp/otlp_json.hpp"
#include "bot/otlp/otlp_sender.hpp"
#include "bot/trace/span_sink.hpp"
#include "bot/trace/timer.hpp"

namespace dq::otlp {

struct ExporterOptions {
  std::string url;                                    // where to POST: traces_url(endpoint)
  std::chrono::milliseconds every{5'000};             // how often the queue is taken and sent
  std::size_t capacity = 20'000;                      // spans queued or held; more are dropped and counted
  std::chrono::milliseconds hold_incomplete{30'000};  // how long spans wait for their trace's root span
  std::size_t batch_spans = kDefaultBatchSpans;       // spans per request at most
  bool from_bot = true;                               // service.name dealquest-bot (else dealquest-test)
  std::string service_version = {};
  SendPolicy send = {};  // attempts and backoff per request (its `stopped` is the exporter's own)
};

inline constexpr std::chrono::milliseconds kDefaultExportDrain{5'000};

struct ExportStats {
  std::uint64_t received = 0;  // spans handed to write_batch()
  std::uint64_t sent = 0;      // spans the receiver accepted
  std::uint64_t dropped = 0;   // spans that found the queue full (or came after stop())
  std::uint64_t failed = 0;    // spans of requests that failed for good, or not sent by stop()'s bound
  std::uint64_t requests = 0;  // POSTs of the accepted requests, retries included
  std::string last_error;      // the last failure, as log::redacted() shows it
};

// Makes the HTTP client the exporter's thread sends with, bound to that thread's own event loop.
using HttpClientFactory = std::function<std::unique_ptr<http::HttpClient>(boost::asio::any_io_executor)>;

class TraceExporter final : public trace::TraceSink {
 public:
  // `timers`: the backoff between attempts is waited on these (AsioTimers in the bot).
  TraceExporter(ExporterOptions options, HttpClientFactory make_client,
                std::unique_ptr<trace::Timers> timers);
  ~TraceExporter() override;  // stop(kDefaultExportDrain)
  TraceExporter(const TraceExporter&) = delete;
  TraceExporter& operator=(const TraceExporter&) = delete;

  // Copies the spans into the queue (what does not fit is dropped and counted) and returns. Never fails.
  core::Result<void> write_batch(std::span<const trace::SpanRecord> spans) override;

  // Sends everything handed over so far, traces still waiting for their root too, and returns when each span
  // of it was sent or counted as failed.
  void flush();
  // Sends what is left for at most `bound`, then gives up on the rest (counted as failed) and joins the
  // thread. Later write_batch() calls drop. Idempotent.
  void stop(std::chrono::milliseconds bound);

  ExportStats stats() const;

 private:
  struct Queued {
    std::string trace_id;
    query::SpanRow span;
    std::optional<query::TraceRow> trace;  // set on a root span
  };
  struct Worker;

  void run();
  // One pass of the thread: `taken` joins the held traces, the ready ones are sent.
  void round(Worker& w, std::vector<Queued> taken, bool everything);
  void hold(Worker& w, std::vector<Queued> taken);
  // Traces whose root arrived, or that waited hold_incomplete (all of them with `everything`).
  std::vector<ExportTrace> take_ready(Worker& w, bool everything);
  // One request through send_batches on the thread's loop; cancelled when stop()'s bound runs out.
  core::Result<SendReport> post(Worker& w, std::string body);

  const ExporterOptions options_;
  const HttpClientFactory make_client_;
  const std::unique_ptr<trace::Timers> timers_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::vector<Queued> queue_;
  std::size_t held_spans_ = 0;  // spans the thread holds (waiting for their root); count against capacity
  std::uint64_t enqueued_seq_ = 0;
  std::uint64_t done_seq_ = 0;  // spans sent or failed
  std::uint64_t dropped_logged_ = 0;
  bool flush_requested_ = false;
  bool stopping_ = false;
  bool finished_ = false;
  std::atomic<bool> abandon_{false};  // stop()'s bound ran out: cancel, send nothing more
  ExportStats stats_;
  std::thread thread_;
};

}  // namespace dq::otlp
