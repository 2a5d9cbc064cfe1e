#include "bot/trace/span_queue.hpp"

namespace dq::trace {

SpanQueue::SpanQueue(TraceSink& sink, SpanQueueOptions options) : sink_(sink), options_(options) {
  pending_.reserve(options_.batch_size);
  writer_ = std::thread([this] { run(); });
}

SpanQueue::~SpanQueue() {
  stop();
}

void SpanQueue::submit(SpanRecord&& span) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    ++stats_.submitted;
    if (stopping_ || pending_.size() >= options_.capacity) {
      ++stats_.dropped;
      return;
    }
    pending_.push_back(std::move(span));
    ++enqueued_seq_;
    wake = pending_.size() == options_.batch_size;
  }
  if (wake) wake_.notify_one();
}

void SpanQueue::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = enqueued_seq_;
  flush_requested_ = true;
  wake_.notify_one();
  flushed_.wait(lock, [&] { return done_seq_ >= target || !writer_.joinable(); });
}

void SpanQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !writer_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (writer_.joinable()) writer_.join();
  flushed_.notify_all();
}

SpanQueueStats SpanQueue::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void SpanQueue::run() {
  std::vector<SpanRecord> batch;
  batch.reserve(options_.batch_size);
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, options_.flush_interval,
                   [&] { return stopping_ || flush_requested_ || pending_.size() >= options_.batch_size; });
    flush_requested_ = false;
    const bool last = stopping_;
    batch.swap(pending_);
    lock.unlock();
    write(batch);
    lock.lock();
    done_seq_ += batch.size();
    batch.clear();
    flushed_.notify_all();
    if (last && pending_.empty()) return;
  }
}

void SpanQueue::write(std::vector<SpanRecord>& batch) {
  if (batch.empty()) return;
  // Large backlogs (after a stall) go out in batch_size chunks so one transaction stays short.
  for (std::size_t off = 0; off < batch.size(); off += options_.batch_size) {
    std::size_t n = std::min(options_.batch_size, batch.size() - off);
    auto result = sink_.write_batch(std::span<const SpanRecord>(batch.data() + off, n));
    std::lock_guard lock(mutex_);
    if (result) {
      stats_.written += n;
    } else {
      stats_.write_failed += n;
      stats_.last_error = result.error().to_string();
    }
  }
}

}  // namespace dq::trace
