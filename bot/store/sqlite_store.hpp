#pragma once
// The embedded trace store: one SQLite file holding runs, scenario and check results, traces, spans and
// span I/O. It is the TraceSink the span writer thread drains into, and the TraceReader / RunStore the CLI
// and the bot's admin commands use.
//
// Concurrency: two connections to the file. One belongs to write_batch (the writer thread), the other to
// everything else; each is guarded by its own mutex, so the writer never waits on a report query. The file
// is in WAL mode with a busy timeout and every write transaction starts with BEGIN IMMEDIATE, so a running
// bot and a CLI process can share it. Every SQLite failure comes back as a value:
//   store.open, store.locked, store.io, store.corrupt, store.constraint, store.schema_too_new,
//   store.unknown_run (finish_run / record_scenario / record_estimate for a run never begun).
// SQLiteCpp stays out of this header.

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.hpp"
#include "bot/store/trace_store.hpp"

namespace dq::store {

struct SqliteStoreOptions {
  // How long a write waits for another process's write lock before failing with store.locked.
  std::chrono::milliseconds busy_timeout{5000};
  // The most a stored I/O text (a message, a response) keeps, in bytes (io_layout.hpp).
  std::size_t io_cap = 64 * 1024;
  // false: each input is stored whole (capped), as before schema 9; only for scripts/bench's comparison.
  bool split_io = true;
};

class SqliteStore final : public TraceStore {
 public:
  // Opens `path`, creating the file if needed, and migrates it to the current schema.
  static core::Result<std::unique_ptr<SqliteStore>> open(const std::string& path,
                                                         SqliteStoreOptions options = {});
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  const std::string& path() const;

  // trace::TraceSink: one transaction per batch, all or nothing. A root span also writes its `traces` row;
  // a span with input or output also writes a `span_io` row.
  core::Result<void> write_batch(std::span<const trace::SpanRecord> spans) override;

  // query::TraceReader
  std::string location() const override;
  core::Result<std::optional<query::RunRow>> latest_run() override;
  core::Result<std::optional<query::RunRow>> find_run(std::string_view run_id) override;
  core::Result<std::vector<query::RunListRow>> runs(int limit, std::string_view mode) override;
  core::Result<std::vector<query::RunRow>> recent_runs(int limit, std::string_view mode) override;
  core::Result<std::vector<query::ScenarioRow>> scenarios(std::string_view run_id) override;
  core::Result<std::vector<query::CheckRow>> checks(std::string_view run_id) override;
  core::Result<std::vector<query::TranscriptRow>> transcript(std::string_view run_id) override;
  core::Result<std::vector<query::TurnLatencyRow>> turn_latencies(std::string_view run_id) override;
  core::Result<std::vector<query::StepSample>> step_samples(std::string_view run_id) override;
  core::Result<std::vector<query::EstimateRow>> estimates(std::string_view run_id) override;
  core::Result<std::vector<query::TraceRow>> run_traces(std::string_view run_id) override;
  core::Result<std::int64_t> trace_count() override;
  core::Result<std::vector<query::TraceRow>> newest_traces(std::int64_t offset, int limit) override;
  core::Result<std::optional<query::TraceRow>> find_trace(std::string_view id_or_prefix) override;
  core::Result<std::vector<query::SpanRow>> trace_spans(std::string_view trace_id) override;
  core::Result<std::vector<query::StepSample>> step_samples_since(std::int64_t since_ms) override;
  core::Result<query::TraceCounts> trace_counts_since(std::int64_t since_ms) override;
  // The window's whole hours from step_rollup, the part before its first whole hour from the spans.
  core::Result<std::vector<query::StepWindow>> step_window_since(std::int64_t since_ms) override;
  core::Result<std::vector<query::TraceRow>> export_traces_since(std::int64_t since_ms, int limit) override;

  // query::TraceRetention (sqlite_prune.cpp)
  core::Result<query::PruneReport> prune(const query::RetentionPolicy& policy, std::int64_t now_ms,
                                         bool dry_run) override;

  // query::RunStore
  core::Result<void> begin_run(const query::RunRow& run) override;
  core::Result<void> record_scenario(std::string_view run_id, const query::ScenarioRow& scenario,
                                     const std::vector<query::CheckRow>& checks) override;
  core::Result<void> record_estimate(std::string_view run_id,
                                     const std::vector<query::EstimateRow>& rows) override;
  core::Result<void> finish_run(const query::RunRow& run) override;
  core::Result<std::vector<std::string>> mark_abandoned_runs(
      const std::function<bool(const std::string& owner)>& alive) override;

 private:
  struct Impl;
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dq::store
