#pragma once
// How long the trace store keeps what (BRIEF §6): every trace's metadata (its row and spans) 30 days by
// default, full I/O (prompts and responses) 7 days. `dealquest-test prune` applies it on demand and the bot
// on a schedule, through this interface; each store implements it (the SQLite store in bounded batches, so a
// prune never holds the write lock for long; the PostgreSQL store by dropping whole day partitions).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>

#include "bot/core/error.hpp"

namespace dq::query {

struct RetentionPolicy {
  std::chrono::milliseconds metadata = std::chrono::hours(24 * 30);  // traces, spans, runs and their results
  std::chrono::milliseconds io = std::chrono::hours(24 * 7);         // span I/O; never longer than metadata
  int batch_traces = 500;                                            // traces per write transaction
  // Set (by another thread): stop after the batch under way; the next prune goes on from there. Not owned.
  const std::atomic<bool>* stop = nullptr;
};

// What a prune removed (or, dry, would remove).
struct PruneReport {
  std::int64_t traces = 0, spans = 0, runs = 0;
  std::int64_t io_rows = 0;             // span I/O rows, of deleted traces and of kept ones past the I/O age
  std::int64_t io_parts = 0;            // request parts (system prompts, messages) no I/O row uses any more
  int batches = 0;                      // write transactions it took (0 when dry)
  std::int64_t metadata_cutoff_ms = 0;  // what started before this was removed
  std::int64_t io_cutoff_ms = 0;
  bool dry_run = false;
  bool stopped = false;  // RetentionPolicy::stop cut it short
};

// The report a prune starts from: its cut-offs at `now_ms` (I/O never kept past the metadata).
inline PruneReport start_prune(const RetentionPolicy& policy, std::int64_t now_ms, bool dry_run) {
  PruneReport report;
  report.dry_run = dry_run;
  report.metadata_cutoff_ms = now_ms - policy.metadata.count();
  report.io_cutoff_ms = now_ms - std::min(policy.io, policy.metadata).count();
  return report;
}

class TraceRetention {
 public:
  virtual ~TraceRetention() = default;
  // Removes what `policy` no longer keeps at `now_ms` (wall clock, ms since the epoch); `dry_run` counts it
  // and removes nothing. A run still `running` is never removed, nor its results.
  virtual core::Result<PruneReport> prune(const RetentionPolicy& policy, std::int64_t now_ms,
                                          bool dry_run) = 0;
};

}  // namespace dq::query
