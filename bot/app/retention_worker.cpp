#include "bot/app/retention_worker.hpp"

#include "bot/core/age_text.hpp"
#include "bot/store/open_trace_store.hpp"
#include "bot/trace/log.hpp"

namespace dq::app {

RetentionWorker::RetentionWorker(std::string store_path, query::RetentionPolicy policy,
                                 std::chrono::milliseconds every, std::function<std::int64_t()> now_ms)
    : path_(std::move(store_path)), policy_(policy), every_(every), now_ms_(std::move(now_ms)) {
  policy_.stop = &stopping_;
  thread_ = std::thread([this] { loop(); });
}

RetentionWorker::~RetentionWorker() {
  stop();
}

void RetentionWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int RetentionWorker::prunes() const {
  std::lock_guard lock(mutex_);
  return prunes_;
}

void RetentionWorker::loop() {
  for (;;) {
    prune_once();
    std::unique_lock lock(mutex_);
    ++prunes_;
    if (wake_.wait_for(lock, every_, [this] { return stopping_.load(); })) return;
  }
}

void RetentionWorker::prune_once() {
  auto store = store::open_trace_store(path_);
  if (!store) {
    log::error("store.prune_failed", {{"error", log::redacted(store.error())}});
    return;
  }
  auto r = (*store)->prune(policy_, now_ms_(), /*dry_run=*/false);
  if (!r) {
    log::error("store.prune_failed", {{"error", log::redacted(r.error())}});
    return;
  }
  log::info("store.pruned", {{"traces", std::to_string(r->traces)},
                             {"spans", std::to_string(r->spans)},
                             {"runs", std::to_string(r->runs)},
                             {"io_rows", std::to_string(r->io_rows)},
                             {"io_parts", std::to_string(r->io_parts)},
                             {"batches", std::to_string(r->batches)},
                             {"metadata_age", core::age_text(policy_.metadata)},
                             {"io_age", core::age_text(std::min(policy_.io, policy_.metadata))},
                             {"stopped", r->stopped ? "true" : "false"}});
}

}  // namespace dq::app
