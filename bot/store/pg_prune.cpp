// PgStore's retention (query::TraceRetention): whole day partitions that lie before a cut are dropped (no
// row DELETE, no VACUUM debt); only the day the cut falls in loses rows one batch at a time. Each drop and
// each batch is its own short transaction, so a writer waits at most one of them.
//
// Metadata: the days before the metadata cut go whole (traces, spans and span_io of the day, and the spans
// and I/O that traces of that day left in the next day, when they ran past midnight); then the traces of the
// cut's day that started before it, with their spans and I/O; then finished runs that ended before the cut.
// I/O: prune_io (below), the one place that knows how span_io is laid out.
//
// A trace is assumed to last less than a day: spans it wrote more than one day after it started are not
// looked for (they are removed when their own day goes).

#include <algorithm>
#include <set>
#include <string>

#include "bot/store/pg_store_impl.hpp"
#include "bot/store/step_rollup.hpp"

namespace dq::store {
namespace {

using pg::kDayMs;
using pg::p;

constexpr const char* kDoing = "pruning the trace store";

// Every day some partitioned table has a partition for, or `only` table's.
core::Result<std::set<std::int64_t>> days_with_partitions(pg::Connection& db, std::string_view only = {}) {
  std::set<std::int64_t> all;
  for (const char* table : pg::kPartitioned) {
    if (!only.empty() && only != table) continue;
    auto days = pg::partition_days(db, table);
    if (!days) return std::unexpected(std::move(days.error()));
    all.insert(days->begin(), days->end());
  }
  return all;
}

core::Result<std::int64_t> count(pg::Connection& db, const std::string& sql, const pg::Params& params) {
  auto q = db.exec(kDoing, sql, params);
  if (!q) return std::unexpected(std::move(q.error()));
  return q->i64(0, 0);
}

core::Result<void> drop_partition(pg::Connection& db, std::string_view table, std::int64_t day) {
  auto q = db.exec(kDoing, "DROP TABLE IF EXISTS " + pg::partition_name(table, day));
  if (!q) return std::unexpected(std::move(q.error()));
  return {};
}

// One day of metadata, whole: a transaction. False for a day that held nothing.
core::Result<bool> drop_day(pg::Connection& db, std::int64_t day, query::PruneReport& report) {
  const std::int64_t lo = day * kDayMs, hi = lo + kDayMs;
  std::int64_t traces = 0, spans = 0, io = 0;
  auto dropped = pg::ddl_transaction(db, kDoing, [&]() -> core::Result<void> {
    auto t = count(db, "SELECT count(*) FROM traces WHERE start_ms >= $1 AND start_ms < $2", {p(lo), p(hi)});
    auto s = count(db, "SELECT count(*) FROM spans WHERE start_ms >= $1 AND start_ms < $2", {p(lo), p(hi)});
    auto i = count(db, "SELECT count(*) FROM span_io WHERE start_ms >= $1 AND start_ms < $2", {p(lo), p(hi)});
    // What this day's traces wrote after midnight, in the next day's partition.
    const std::string of_this_day =
        " WHERE start_ms >= $2 AND start_ms < $3 AND trace_id IN "
        "(SELECT trace_id FROM traces WHERE start_ms >= $1 AND start_ms < $2)";
    auto late_spans = db.exec(kDoing, "DELETE FROM spans" + of_this_day, {p(lo), p(hi), p(hi + kDayMs)});
    auto late_io = db.exec(kDoing, "DELETE FROM span_io" + of_this_day, {p(lo), p(hi), p(hi + kDayMs)});
    for (auto* r : {&t, &s, &i})
      if (!*r) return std::unexpected(std::move(r->error()));
    for (auto* r : {&late_spans, &late_io})
      if (!*r) return std::unexpected(std::move(r->error()));
    for (const char* table : pg::kPartitioned)
      if (auto d = drop_partition(db, table, day); !d) return d;
    auto counted = db.exec(kDoing, "DELETE FROM trace_days WHERE day = $1", {p(day)});
    if (!counted) return std::unexpected(std::move(counted.error()));
    traces = *t;
    spans = *s + late_spans->affected();
    io = *i + late_io->affected();
    return {};
  });
  if (!dropped) return std::unexpected(std::move(dropped.error()));
  report.traces += traces;
  report.spans += spans;
  report.io_rows += io;
  if (traces + spans + io == 0) return false;  // a day made ahead and never used: not a batch
  ++report.batches;
  return true;
}

// The oldest traces that started before `cut` (all in the cut's day by now), with their spans and I/O; the
// number of traces in the batch.
core::Result<std::int64_t> prune_metadata_batch(pg::Connection& db, std::int64_t cut, int batch,
                                                query::PruneReport& report) {
  return pg::in_transaction(db, kDoing, [&]() -> core::Result<std::int64_t> {
    auto q = db.exec(
        kDoing,
        "WITH picked AS (SELECT trace_id, start_ms FROM traces WHERE start_ms < $1 "
        "ORDER BY start_ms, seq LIMIT $2), "
        "t AS (DELETE FROM traces x USING picked WHERE x.trace_id = picked.trace_id AND "
        "x.start_ms = picked.start_ms RETURNING x.start_ms / 86400000 AS day), "
        "s AS (DELETE FROM spans WHERE trace_id IN (SELECT trace_id FROM picked) RETURNING 1), "
        "io AS (DELETE FROM span_io WHERE trace_id IN (SELECT trace_id FROM picked) RETURNING 1), "
        // Runs whether or not the SELECT reads it, as every data-modifying WITH does.
        "d AS (UPDATE trace_days SET traces = trace_days.traces - gone.n FROM (SELECT day, count(*) AS "
        "n FROM t GROUP BY day) gone WHERE trace_days.day = gone.day) "
        "SELECT (SELECT count(*) FROM t), (SELECT count(*) FROM s), (SELECT count(*) FROM io)",
        {p(cut), p(std::int64_t{batch})});
    if (!q) return std::unexpected(std::move(q.error()));
    const std::int64_t traces = q->i64(0, 0);
    report.traces += traces;
    report.spans += q->i64(0, 1);
    report.io_rows += q->i64(0, 2);
    ++report.batches;
    return traces;
  });
}

constexpr const char* kOldRuns =
    "FROM runs WHERE started_ms < $1 AND status <> 'running' AND "
    "(CASE WHEN ended_ms > 0 THEN ended_ms ELSE started_ms END) < $1";

core::Result<std::int64_t> prune_runs_batch(pg::Connection& db, std::int64_t cut, int batch,
                                            query::PruneReport& report) {
  auto q = db.exec(kDoing,
                   std::string("DELETE FROM runs WHERE run_id IN (SELECT run_id ") + kOldRuns + " LIMIT $2)",
                   {p(cut), p(std::int64_t{batch})});
  if (!q) return std::unexpected(std::move(q.error()));
  report.runs += q->affected();
  ++report.batches;
  return q->affected();
}

// The traces whose I/O goes at `io_cut` and that still have a row: those of the day before the cut's day
// (their I/O past midnight) and of the cut's day up to the cut.
std::string io_traces(std::int64_t io_cut) {
  const std::int64_t lo = pg::day_of(io_cut) * kDayMs - kDayMs;
  return "SELECT trace_id FROM traces WHERE start_ms >= " + std::to_string(lo) + " AND start_ms < " +
         std::to_string(io_cut);
}

// Span I/O past its age, in one place (the layout of span_io may change; only this function, the
// writer's put_io and io_parts' pass in prune know it): the span_io partitions of the days before the cut's
// day are dropped, then, a batch of traces at a time, the I/O of the traces that started before the cut.
core::Result<void> prune_io(pg::Connection& db, std::int64_t io_cut, int batch, query::PruneReport& report,
                            const std::function<bool()>& go_on) {
  const std::int64_t cut_day = pg::day_of(io_cut);
  auto days = days_with_partitions(db, "span_io");
  if (!days) return std::unexpected(std::move(days.error()));
  for (const std::int64_t day : *days) {
    if (day >= cut_day) break;
    auto dropped = pg::ddl_transaction(db, kDoing, [&]() -> core::Result<std::int64_t> {
      auto rows = count(db, "SELECT count(*) FROM span_io WHERE start_ms >= $1 AND start_ms < $2",
                        {p(day * kDayMs), p(day * kDayMs + kDayMs)});
      if (!rows) return std::unexpected(std::move(rows.error()));
      if (auto d = drop_partition(db, "span_io", day); !d) return std::unexpected(std::move(d.error()));
      return *rows;
    });
    if (!dropped) return std::unexpected(std::move(dropped.error()));
    report.io_rows += *dropped;
    if (*dropped > 0) ++report.batches;  // a day made ahead and never used is not a batch
    if (*dropped > 0 && !go_on()) return {};
  }
  std::int64_t after_start = cut_day * kDayMs - kDayMs - 1, after_seq = 0;
  for (;;) {
    auto picked = pg::in_transaction(db, kDoing, [&]() -> core::Result<int> {
      auto q = db.exec(
          kDoing,
          "SELECT trace_id, start_ms, seq FROM traces WHERE start_ms >= $1 AND start_ms < $2 AND "
          "(start_ms, seq) > ($3, $4) ORDER BY start_ms, seq LIMIT $5",
          {p(cut_day * kDayMs - kDayMs), p(io_cut), p(after_start), p(after_seq), p(std::int64_t{batch})});
      if (!q) return std::unexpected(std::move(q.error()));
      std::string ids = "{";
      for (int i = 0; i < q->size(); ++i) {
        ids += (i ? "," : "") + q->text(i, 0);
        after_start = q->i64(i, 1);
        after_seq = q->i64(i, 2);
      }
      ids += "}";
      auto gone = db.exec(kDoing, "DELETE FROM span_io WHERE start_ms >= $1 AND trace_id = ANY($2::text[])",
                          {p(cut_day * kDayMs), p(ids)});
      if (!gone) return std::unexpected(std::move(gone.error()));
      report.io_rows += gone->affected();
      ++report.batches;
      return q->size();
    });
    if (!picked) return std::unexpected(std::move(picked.error()));
    if (*picked < batch || !go_on()) return {};
  }
}

// What a prune would remove, counted (a dry run).
core::Result<query::PruneReport> count_only(pg::Connection& db, query::PruneReport r) {
  const std::int64_t meta_lo = pg::day_of(r.metadata_cutoff_ms) * kDayMs;
  const std::int64_t io_lo = pg::day_of(r.io_cutoff_ms) * kDayMs;
  auto traces = count(db, "SELECT count(*) FROM traces WHERE start_ms < $1", {p(r.metadata_cutoff_ms)});
  auto spans =
      count(db,
            "SELECT (SELECT count(*) FROM spans WHERE start_ms < $1) + (SELECT count(*) FROM spans WHERE "
            "start_ms >= $1 AND trace_id IN (SELECT trace_id FROM traces WHERE start_ms >= $2 AND "
            "start_ms < $3))",
            {p(meta_lo), p(meta_lo - kDayMs), p(r.metadata_cutoff_ms)});
  auto runs = count(db, std::string("SELECT count(*) ") + kOldRuns, {p(r.metadata_cutoff_ms)});
  auto io = count(db,
                  "SELECT (SELECT count(*) FROM span_io WHERE start_ms < $1) + (SELECT count(*) FROM span_io "
                  "WHERE start_ms >= $1 AND trace_id IN (" +
                      io_traces(r.io_cutoff_ms) + "))",
                  {p(io_lo)});
  for (auto* c : {&traces, &spans, &runs, &io})
    if (!*c) return std::unexpected(std::move(c->error()));
  r.traces = *traces;
  r.spans = *spans;
  r.runs = *runs;
  r.io_rows = *io;
  auto parts = count(db, "SELECT count(*) FROM io_parts WHERE last_ms < $1", {p(r.io_cutoff_ms)});
  if (!parts) return std::unexpected(std::move(parts.error()));
  r.io_parts = *parts;
  return r;
}

}  // namespace

core::Result<query::PruneReport> PgStore::prune(const query::RetentionPolicy& policy, std::int64_t now_ms,
                                                bool dry_run) {
  query::PruneReport report = query::start_prune(policy, now_ms, dry_run);
  const int batch = std::max(1, policy.batch_traces);
  Impl& m = *impl_;
  return m.with_db([&](pg::Connection& db) -> core::Result<query::PruneReport> {
    if (dry_run) return count_only(db, report);
    auto go_on = [&] {
      report.stopped = policy.stop != nullptr && policy.stop->load();
      return !report.stopped;
    };
    auto days = days_with_partitions(db);
    if (!days) return std::unexpected(std::move(days.error()));
    const std::int64_t cut_day = pg::day_of(report.metadata_cutoff_ms);
    for (const std::int64_t day : *days) {
      if (day >= cut_day) break;
      auto dropped = drop_day(db, day, report);
      if (!dropped) return std::unexpected(std::move(dropped.error()));
      if (*dropped && !go_on()) return report;
    }
    for (;;) {
      auto n = prune_metadata_batch(db, report.metadata_cutoff_ms, batch, report);
      if (!n) return std::unexpected(std::move(n.error()));
      if (*n < batch || !go_on()) break;
    }
    while (!report.stopped) {
      auto n = prune_runs_batch(db, report.metadata_cutoff_ms, 50, report);
      if (!n) return std::unexpected(std::move(n.error()));
      if (*n < 50 || !go_on()) break;
    }
    if (report.stopped) return report;
    // The rollup's hours that ended before the cut (the hour the cut falls in stays whole), as SQLite's.
    const std::int64_t cut_hour = report.metadata_cutoff_ms / kRollupHourMs;
    for (;;) {
      auto q =
          db.exec(kDoing,
                  "DELETE FROM step_rollup WHERE (hour, name, bucket) IN (SELECT hour, name, bucket FROM "
                  "step_rollup WHERE hour < $1 ORDER BY hour LIMIT $2)",
                  {p(cut_hour), p(std::int64_t{batch} * 10)});
      if (!q) return std::unexpected(std::move(q.error()));
      ++report.batches;
      if (q->affected() < std::int64_t{batch} * 10 || !go_on()) break;
    }
    if (report.stopped) return report;
    if (auto io = prune_io(db, report.io_cutoff_ms, batch, report, go_on); !io)
      return std::unexpected(std::move(io.error()));
    if (report.stopped) return report;
    // Every span_io row of a trace that started before the I/O cut is gone: a part last used before it has
    // no span left that uses it (io_layout.hpp).
    for (;;) {
      auto gone = pg::in_transaction(db, kDoing, [&]() -> core::Result<std::int64_t> {
        auto q =
            db.exec(kDoing,
                    "DELETE FROM io_parts WHERE part_id IN (SELECT part_id FROM io_parts WHERE last_ms < $1 "
                    "ORDER BY last_ms LIMIT $2)",
                    {p(report.io_cutoff_ms), p(std::int64_t{batch} * 10)});
        if (!q) return std::unexpected(std::move(q.error()));
        ++report.batches;
        return q->affected();
      });
      if (!gone) return std::unexpected(std::move(gone.error()));
      report.io_parts += *gone;
      if (*gone < std::int64_t{batch} * 10 || !go_on()) break;
    }
    return report;
  });
}

}  // namespace dq::store
