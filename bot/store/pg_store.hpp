#pragma once
// The trace store on a PostgreSQL server, for a bot that outgrows one file: the same rows, orderings,
// schema versions and error codes as SqliteStore, selected by a `postgresql://` URI (open_trace_store).
//
// Layout: spans, traces and span_io are partitioned by RANGE on their start (epoch ms), one partition per UTC
// day, named <table>_dYYYYMMDD. open() creates yesterday's to the day after tomorrow's; the writer creates a
// missing day's before writing into it. There is no DEFAULT partition. Time columns have BRIN indexes;
// trace_id and run_id lookups B-trees, as in the SQLite schema. Retention drops whole days and deletes rows
// only in the day the cut falls in (pg_prune.cpp).
//
// Concurrency: two connections, as SqliteStore has. write_batch (the writer thread) has its own, one
// transaction per batch through COPY; a lost connection is reconnected and the batch retried with backoff
// for under 2 s, then the batch fails with store.unreachable (the span queue counts it as failed). Everything
// else uses the other connection under its own mutex. A server that is not there at open() is
// store.unreachable. The password of the URI never appears in location() or in a message.
// libpq stays out of this header.

#include <chrono>
#include <memory>
#include <span>
#include <string>

#include "bot/core/error.hpp"
#include "bot/store/trace_store.hpp"

namespace dq::store {

struct PgStoreOptions {
  // How long write_batch keeps retrying a batch whose connection was lost (backoff 50 ms, doubling).
  std::chrono::milliseconds retry_budget{1600};
  // The most a stored I/O text (a message, a response) keeps, in bytes (io_layout.hpp).
  std::size_t io_cap = 64 * 1024;
};

class PgStore final : public TraceStore {
 public:
  // Connects to `uri` (postgresql://user[:password]@host:port/db), and creates or migrates the schema.
  static core::Result<std::unique_ptr<PgStore>> open(const std::string& uri, PgStoreOptions options = {});
  ~PgStore() override;
  PgStore(const PgStore&) = delete;
  PgStore& operator=(const PgStore&) = delete;

  // trace::TraceSink (pg_store.cpp)
  core::Result<void> write_batch(std::span<const trace::SpanRecord> spans) override;

  // query::TraceReader (pg_store_reads.cpp); location() is the URI without its password.
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
  // From the hourly step_rollup (step_rollup.hpp), as SqliteStore's.
  core::Result<std::vector<query::StepWindow>> step_window_since(std::int64_t since_ms) override;
  core::Result<std::vector<query::TraceRow>> export_traces_since(std::int64_t since_ms, int limit) override;

  // query::TraceRetention (pg_prune.cpp)
  core::Result<query::PruneReport> prune(const query::RetentionPolicy& policy, std::int64_t now_ms,
                                         bool dry_run) override;

  // query::RunStore (pg_runs.cpp)
  core::Result<void> begin_run(const query::RunRow& run) override;
  core::Result<void> record_scenario(std::string_view run_id, const query::ScenarioRow& scenario,
                                     const std::vector<query::CheckRow>& checks) override;
  core::Result<void> record_estimate(std::string_view run_id,
                                     const std::vector<query::EstimateRow>& rows) override;
  core::Result<void> finish_run(const query::RunRow& run) override;
  core::Result<std::vector<std::string>> mark_abandoned_runs(
      const std::function<bool(const std::string& owner)>& alive) override;

  struct Impl;

 private:
  explicit PgStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dq::store
