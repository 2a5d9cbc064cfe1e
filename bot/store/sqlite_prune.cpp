// SqliteStore's retention (query::TraceRetention): bounded batches, each its own short IMMEDIATE transaction,
// so a running bot's writer waits at most one batch for the lock.
//
// Metadata: the oldest traces first (traces_by_start), with their spans and I/O; then finished runs that
// ended before the cut, their results going with them (ON DELETE CASCADE). I/O of kept traces: from where
// the last prune stopped (bot_state `io_pruned_until_ms`) up to the I/O cut, walking traces_by_start in
// (start_ms, rowid) order, so each prune reads only what it has not read before.

#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <initializer_list>
#include <string>

#include "bot/store/sqlite_store_impl.hpp"
#include "bot/store/step_rollup.hpp"

namespace dq::store {
namespace {

constexpr const char* kIoWatermark = "io_pruned_until_ms";

void prepare_batch_table(SQLite::Database& db) {
  db.exec("CREATE TEMP TABLE IF NOT EXISTS prune_batch (trace_id TEXT PRIMARY KEY NOT NULL)");
  db.exec("DELETE FROM prune_batch");
}

// Deletes the spans (and, with `metadata`, the traces) of the traces in prune_batch, and their I/O.
void delete_batch(SQLite::Database& db, bool metadata, query::PruneReport& report) {
  report.io_rows += db.exec("DELETE FROM span_io WHERE trace_id IN (SELECT trace_id FROM prune_batch)");
  if (!metadata) return;
  report.spans += db.exec("DELETE FROM spans WHERE trace_id IN (SELECT trace_id FROM prune_batch)");
  report.traces += db.exec("DELETE FROM traces WHERE trace_id IN (SELECT trace_id FROM prune_batch)");
}

// The oldest traces that started before `cut`, a batch at a time; the number in the last batch.
int prune_metadata_batch(SQLite::Database& db, std::int64_t cut, int batch, query::PruneReport& report) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  prepare_batch_table(db);
  SQLite::Statement pick(db,
                         "INSERT INTO prune_batch SELECT trace_id FROM traces WHERE start_ms < ? "
                         "ORDER BY start_ms LIMIT ?");
  pick.bind(1, cut);
  pick.bind(2, batch);
  const int picked = pick.exec();
  delete_batch(db, /*metadata=*/true, report);
  tx.commit();
  ++report.batches;
  return picked;
}

// One bounded DELETE in its own transaction: `sql` takes the cut as ?1 and the batch size as ?2. Returns the
// rows removed.
int delete_batch_where(SQLite::Database& db, const char* sql, std::int64_t cut, int batch,
                       query::PruneReport& report) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement q(db, sql);
  q.bind(1, cut);
  q.bind(2, batch);
  const int removed = q.exec();
  tx.commit();
  ++report.batches;
  return removed;
}

// Finished runs that ended (or, without an end, started) before the cut; their results go with them.
constexpr const char* kPruneRuns =
    "DELETE FROM runs WHERE run_id IN (SELECT run_id FROM runs WHERE started_ms < ?1 AND status <> 'running' "
    "AND (CASE WHEN ended_ms > 0 THEN ended_ms ELSE started_ms END) < ?1 LIMIT ?2)";
// The rollup's hours (cut given in hours) that ended before the cut; the hour the cut falls in stays whole.
constexpr const char* kPruneRollup =
    "DELETE FROM step_rollup WHERE (hour, name, bucket) IN (SELECT hour, name, bucket FROM step_rollup "
    "WHERE hour < ?1 ORDER BY hour LIMIT ?2)";
// Request parts (io_parts) no longer used by any span's I/O: those last used before the cut.
constexpr const char* kPruneParts =
    "DELETE FROM io_parts WHERE part_id IN (SELECT part_id FROM io_parts WHERE last_ms < ?1 ORDER BY last_ms "
    "LIMIT ?2)";

struct IoCursor {
  std::int64_t start_ms = 0;
  std::int64_t rowid = 0;
};

// The I/O of the next batch of traces after `cursor` that started before `cut`; moves the cursor.
int prune_io_batch(SQLite::Database& db, IoCursor& cursor, std::int64_t cut, int batch,
                   query::PruneReport& report) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  prepare_batch_table(db);
  SQLite::Statement pick(db,
                         "SELECT trace_id, start_ms, rowid FROM traces WHERE (start_ms, rowid) > (?, ?) AND "
                         "start_ms < ? ORDER BY start_ms, rowid LIMIT ?");
  pick.bind(1, cursor.start_ms);
  pick.bind(2, cursor.rowid);
  pick.bind(3, cut);
  pick.bind(4, batch);
  SQLite::Statement add(db, "INSERT INTO prune_batch (trace_id) VALUES (?)");
  int picked = 0;
  while (pick.executeStep()) {
    add.bind(1, pick.getColumn(0).getString());
    add.exec();
    add.reset();
    cursor = {pick.getColumn(1).getInt64(), pick.getColumn(2).getInt64()};
    ++picked;
  }
  delete_batch(db, /*metadata=*/false, report);
  tx.commit();
  ++report.batches;
  return picked;
}

std::int64_t io_watermark(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT value FROM bot_state WHERE name = ?");
  q.bind(1, kIoWatermark);
  if (!q.executeStep()) return 0;
  try {
    return std::stoll(q.getColumn(0).getString());
  } catch (const std::exception&) {
    return 0;  // unreadable: start from the beginning (only slower)
  }
}

void save_io_watermark(SQLite::Database& db, std::int64_t cut) {
  SQLite::Statement q(db, "INSERT OR REPLACE INTO bot_state (name, value) VALUES (?, ?)");
  q.bind(1, kIoWatermark);
  q.bind(2, std::to_string(cut));
  q.exec();
}

std::int64_t count(SQLite::Database& db, const char* sql, std::initializer_list<std::int64_t> values) {
  SQLite::Statement q(db, sql);
  int i = 0;
  for (const std::int64_t v : values) q.bind(++i, v);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

query::PruneReport count_only(SQLite::Database& db, query::PruneReport r) {
  r.traces = count(db, "SELECT count(*) FROM traces WHERE start_ms < ?", {r.metadata_cutoff_ms});
  r.spans = count(
      db, "SELECT count(*) FROM spans WHERE trace_id IN (SELECT trace_id FROM traces WHERE start_ms < ?)",
      {r.metadata_cutoff_ms});
  r.runs = count(db,
                 "SELECT count(*) FROM runs WHERE started_ms < ?1 AND status <> 'running' AND "
                 "(CASE WHEN ended_ms > 0 THEN ended_ms ELSE started_ms END) < ?1",
                 {r.metadata_cutoff_ms});
  r.io_rows = count(db,
                    "SELECT count(*) FROM span_io WHERE trace_id IN (SELECT trace_id FROM traces WHERE "
                    "start_ms < ?1 OR (start_ms >= ?2 AND start_ms < ?3))",
                    {r.metadata_cutoff_ms, std::max(r.metadata_cutoff_ms, io_watermark(db)), r.io_cutoff_ms});
  r.io_parts = count(db, "SELECT count(*) FROM io_parts WHERE last_ms < ?",
                     {std::max(r.io_cutoff_ms, io_watermark(db))});
  return r;
}

}  // namespace

core::Result<query::PruneReport> SqliteStore::prune(const query::RetentionPolicy& policy, std::int64_t now_ms,
                                                    bool dry_run) {
  query::PruneReport report = query::start_prune(policy, now_ms, dry_run);
  const int batch = std::max(1, policy.batch_traces);
  return impl_->with_db(
      "pruning the trace store", [&](SQLite::Database& db) -> core::Result<query::PruneReport> {
        if (dry_run) return count_only(db, report);
        // Every batch ends a transaction: stopping between two leaves a consistent store. Between two, the
        // prune also copies the WAL back into the file (PASSIVE: it never waits for the writer). Otherwise
        // the prune's deletes pile up in the WAL until some commit of the writer crosses
        // wal_autocheckpoint and checkpoints ~40 MB itself: the bench's writer waited 1.5 s once.
        auto go_on = [&] {
          db.exec("PRAGMA wal_checkpoint(PASSIVE)");
          report.stopped = policy.stop != nullptr && policy.stop->load();
          return !report.stopped;
        };
        while (prune_metadata_batch(db, report.metadata_cutoff_ms, batch, report) == batch && go_on()) {
        }
        while (!report.stopped) {
          const int removed = delete_batch_where(db, kPruneRuns, report.metadata_cutoff_ms, 50, report);
          report.runs += removed;
          if (removed < 50 || !go_on()) break;
        }
        const std::int64_t cut_hour = report.metadata_cutoff_ms / kRollupHourMs;
        while (!report.stopped &&
               delete_batch_where(db, kPruneRollup, cut_hour, batch * 10, report) == batch * 10 && go_on()) {
        }
        if (report.stopped) return report;
        const std::int64_t io_from = std::max(report.metadata_cutoff_ms, io_watermark(db));
        IoCursor cursor{io_from, -1};  // every trace that started at io_from or later
        while (prune_io_batch(db, cursor, report.io_cutoff_ms, batch, report) == batch && go_on()) {
        }
        // Stopped: the next prune starts at the millisecond it reached (a few traces are read again).
        const std::int64_t reached =
            report.stopped ? cursor.start_ms : std::max(io_from, report.io_cutoff_ms);
        save_io_watermark(db, reached);
        // A part last used before `reached` has no span left that uses it: each of those spans started before
        // it, and so did its trace, whose I/O is gone.
        for (int removed = batch * 10; removed == batch * 10 && go_on();) {
          removed = delete_batch_where(db, kPruneParts, reached, batch * 10, report);
          report.io_parts += removed;
        }
        return report;
      });
}

}  // namespace dq::store
