#pragma once
// The hot path's side of tracing: an in-memory, bounded queue of finished spans, and one background thread
// that writes them to a TraceSink in batches, every `flush_interval` or as soon as `batch_size` spans wait.
//
// submit() never waits on the database: it takes a short mutex, appends, and at most wakes the writer. When
// `capacity` spans are already waiting, the span is dropped and counted (stats().dropped); nothing is silent.
// stop() (and the destructor) drains everything still queued before the thread exits.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bot/trace/span_sink.hpp"

namespace dq::trace {

struct SpanQueueOptions {
  std::size_t capacity = 100'000;
  std::size_t batch_size = 2'000;
  std::chrono::milliseconds flush_interval{100};
};

struct SpanQueueStats {
  std::uint64_t submitted = 0;
  std::uint64_t written = 0;
  std::uint64_t dropped = 0;       // queue full
  std::uint64_t write_failed = 0;  // spans in batches the sink rejected
  std::string last_error;          // the sink's last error, if any
};

class SpanQueue final : public SpanSink {
 public:
  SpanQueue(TraceSink& sink, SpanQueueOptions options = {});
  ~SpanQueue() override;
  SpanQueue(const SpanQueue&) = delete;
  SpanQueue& operator=(const SpanQueue&) = delete;

  void submit(SpanRecord&& span) override;

  // Writes out everything submitted so far and returns once it is in the sink (or failed).
  void flush();
  // Drains and joins the writer. Further submits are dropped and counted. Idempotent.
  void stop();

  SpanQueueStats stats() const;

 private:
  void run();
  void write(std::vector<SpanRecord>& batch);

  TraceSink& sink_;
  const SpanQueueOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable flushed_;
  std::vector<SpanRecord> pending_;
  std::uint64_t enqueued_seq_ = 0;  // spans accepted so far
  std::uint64_t done_seq_ = 0;      // spans written or failed so far
  bool stopping_ = false;
  bool flush_requested_ = false;
  SpanQueueStats stats_;
  std::thread writer_;
};

}  // namespace dq::trace
