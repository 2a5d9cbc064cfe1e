#pragma once
// The bot applies the trace store's retention itself (BRIEF §6): a thread of its own, with its own connection
// to the store, prunes once at start and then every `every`, logging what it removed (`store.pruned`) or why
// it could not (`store.prune_failed`). Pruning goes in short batches, so the span writer and the handlers'
// reads wait at most one batch; the event loop never waits at all.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "bot/query/retention.hpp"

namespace dq::app {

class RetentionWorker {
 public:
  // `now_ms`: the wall clock (ms since the epoch) the ages are counted from.
  RetentionWorker(std::string store_path, query::RetentionPolicy policy, std::chrono::milliseconds every,
                  std::function<std::int64_t()> now_ms);
  ~RetentionWorker();  // stop()
  RetentionWorker(const RetentionWorker&) = delete;
  RetentionWorker& operator=(const RetentionWorker&) = delete;

  // Ends the thread after the batch under way. Idempotent.
  void stop();
  // Prunes done so far (tests wait on it).
  int prunes() const;

 private:
  void loop();
  void prune_once();

  const std::string path_;
  query::RetentionPolicy policy_;
  const std::chrono::milliseconds every_;
  const std::function<std::int64_t()> now_ms_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  int prunes_ = 0;
  std::thread thread_;
};

}  // namespace dq::app
