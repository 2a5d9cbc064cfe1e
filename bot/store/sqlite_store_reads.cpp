// SqliteStore's read side (query::TraceReader), on the CLI-side connection.
#include <algorithm>
#include <cctype>

#include "bot/query/query_errors.hpp"
#include "bot/store/io_layout.hpp"
#include "bot/store/row_reads.hpp"
#include "bot/store/sqlite_store.hpp"
#include "bot/store/sqlite_store_impl.hpp"
#include "bot/store/step_rollup.hpp"
#include "bot/store/trace_pages.hpp"

namespace dq::store {
namespace {

constexpr const char* kLatestRun =
    "SELECT run_id, mode, status, started_ms, ended_ms, scenarios, passed, failed, dropped_spans, note "
    "FROM runs ORDER BY started_ms DESC, rowid DESC LIMIT 1";
constexpr const char* kRunById =
    "SELECT run_id, mode, status, started_ms, ended_ms, scenarios, passed, failed, dropped_spans, note "
    "FROM runs WHERE run_id = ?";
constexpr const char* kScenarios =
    "SELECT scenario, file, status, turns, duration_us, error, repetition FROM scenario_results "
    "WHERE run_id = ? ORDER BY scenario, repetition";
// Per scenario and repetition: turns in order, then the debrief (turn 0), then the whole conversation (turn
// -1); checks in the order they were recorded.
constexpr const char* kChecks =
    "SELECT scenario, turn, check_name, status, detail, repetition FROM check_results WHERE run_id = ? "
    "ORDER BY scenario, repetition, turn <= 0, abs(turn), rowid";
// The LLM spans of the run's turns with their I/O; a turn's trainee span comes before its counterpart span.
// With `run --repeat N` only the first repetition's conversation ("<run>/<scenario>"; the others end in
// "#<k>") is shown.
constexpr const char* kTranscript =
    "SELECT t.scenario, t.turn, s.name, io.input, io.output, io.parts FROM traces t "
    "JOIN spans s ON s.trace_id = t.trace_id "
    "JOIN span_io io ON io.trace_id = s.trace_id AND io.span_id = s.span_id "
    "WHERE t.run_id = ? AND t.pipeline = 'turn' AND s.name IN ('llm.trainee', 'llm.counterpart') "
    "AND t.chat_id = t.run_id || '/' || t.scenario "
    "ORDER BY t.scenario, t.turn, s.start_ms, s.rowid";
constexpr const char* kTurnLatencies =
    "SELECT scenario, duration_us FROM traces WHERE run_id = ? AND pipeline = 'turn' ORDER BY scenario, "
    "rowid";
// A span belongs to a run through its trace's root (traces.run_id).
constexpr const char* kStepSamples =
    "SELECT s.name, s.duration_us, s.status, s.model, s.input_tokens, s.output_tokens, s.cost_usd, "
    "t.scenario "
    "FROM traces t JOIN spans s ON s.trace_id = t.trace_id WHERE t.run_id = ?";
// Planned rows in the order they were stored (the estimate's order of first call) within each scenario.
constexpr const char* kEstimates =
    "SELECT scenario, role, planned_calls, planned_input_tokens, planned_output_tokens, expected_usd, "
    "worst_usd FROM run_estimates WHERE run_id = ? ORDER BY scenario, rowid";

}  // namespace

// Newest first; each with its LLM spans' count and cost (traces_by_run, then the spans of each trace) and its
// estimate's expected cost, -1 without one (run_estimates' primary key).
const char* const kRunsSql =
    "SELECT r.run_id, r.mode, r.status, r.started_ms, r.ended_ms, r.scenarios, r.passed, r.failed, "
    "r.dropped_spans, r.note, "
    "(SELECT count(*) FROM traces t JOIN spans s ON s.trace_id = t.trace_id "
    " WHERE t.run_id = r.run_id AND s.model <> ''), "
    "(SELECT coalesce(sum(s.cost_usd), 0) FROM traces t JOIN spans s ON s.trace_id = t.trace_id "
    " WHERE t.run_id = r.run_id AND s.model <> ''), "
    "coalesce((SELECT sum(e.expected_usd) FROM run_estimates e WHERE e.run_id = r.run_id), -1) "
    "FROM runs r WHERE (?1 = '' OR r.mode = ?1) ORDER BY r.started_ms DESC, r.rowid DESC LIMIT ?2";

// A run's traces (run_traces) and, for export, the recent ones: oldest first, in kTraceColumns' order
// (trace_row reads them); a run's through traces_by_run, recent ones along traces_by_start.
const char* const kRunTracesSql =
    "SELECT trace_id, run_id, pipeline, scenario, turn, user_id, chat_id, start_ms, duration_us, status, "
    "error FROM traces WHERE run_id = ? ORDER BY start_ms, rowid";
const char* const kExportTracesSinceSql =
    "SELECT trace_id, run_id, pipeline, scenario, turn, user_id, chat_id, start_ms, duration_us, status, "
    "error FROM traces WHERE start_ms >= ? ORDER BY start_ms, rowid LIMIT ?";

namespace {

// Traces, newest first. traces_by_start holds (start_ms, rowid), so both orders walk the index without a
// sort; a page in the older half is read from the oldest end, so no page skips more than half the table.
constexpr const char* kTraceColumns =
    "SELECT trace_id, run_id, pipeline, scenario, turn, user_id, chat_id, start_ms, duration_us, status, "
    "error "
    "FROM traces ";
constexpr const char* kNewestTraces =
    "WHERE start_ms < ? ORDER BY start_ms DESC, rowid DESC LIMIT ? OFFSET ?";
constexpr const char* kOldestTraces = "WHERE start_ms >= ? ORDER BY start_ms ASC, rowid ASC LIMIT ? OFFSET ?";

// Traces per UTC day (trace_days, kept by triggers since schema 11), oldest day first.
std::vector<std::pair<std::int64_t, std::int64_t>> traces_by_day(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT day, traces FROM trace_days WHERE traces > 0 ORDER BY day");
  std::vector<std::pair<std::int64_t, std::int64_t>> days;
  while (q.executeStep()) days.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt64());
  return days;
}
constexpr const char* kSpansOfTrace =
    "SELECT span_id, parent_span_id, name, status, error, model, start_ms, duration_us, input_tokens, "
    "output_tokens, cost_usd, CASE WHEN start_us > 0 THEN start_us ELSE start_ms * 1000 END AS start, "
    "provider FROM spans WHERE trace_id = ? ORDER BY start, rowid";
constexpr const char* kStepSamplesSince =
    "SELECT s.name, s.duration_us, s.status, s.model, s.input_tokens, s.output_tokens, s.cost_usd, "
    "t.scenario "
    "FROM traces t JOIN spans s ON s.trace_id = t.trace_id WHERE t.start_ms >= ?";

// One row of a SQLite result, as row_reads.hpp reads it.
struct Cols {
  const SQLite::Statement& q;
  std::string text(int k) const { return text_of(q.getColumn(k)); }
  std::int64_t i64(int k) const { return q.getColumn(k).getInt64(); }
  double f64(int k) const { return q.getColumn(k).getDouble(); }
  bool null(int k) const { return q.getColumn(k).isNull(); }
};

query::TraceRow trace_row(const SQLite::Statement& q) {
  return rows::trace(Cols{q});
}
query::SpanRow span_row(const SQLite::Statement& q) {
  return rows::span(Cols{q});
}
query::RunRow run_row(const SQLite::Statement& q) {
  return rows::run(Cols{q});
}
query::ScenarioRow scenario_row(const SQLite::Statement& q) {
  return rows::scenario(Cols{q});
}
query::CheckRow check_row(const SQLite::Statement& q) {
  return rows::check(Cols{q});
}
query::StepSample step_sample(const SQLite::Statement& q) {
  return rows::step_sample(Cols{q});
}

bool is_hex(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// Every row `sql` returns for `key` (its one parameter), read by `read`.
template <class Read>
auto all_rows(SQLite::Database& db, const char* sql, std::string_view key, Read read)
    -> core::Result<std::vector<decltype(read(std::declval<const SQLite::Statement&>()))>> {
  SQLite::Statement q(db, sql);
  if (q.getBindParameterCount() > 0) q.bind(1, std::string(key));
  std::vector<decltype(read(q))> rows;
  while (q.executeStep()) rows.push_back(read(q));
  return rows;
}

template <class Read>
auto first_row(SQLite::Database& db, const char* sql, std::string_view key, Read read)
    -> core::Result<std::optional<decltype(read(std::declval<const SQLite::Statement&>()))>> {
  SQLite::Statement q(db, sql);
  if (q.getBindParameterCount() > 0) q.bind(1, std::string(key));
  if (!q.executeStep()) return std::nullopt;
  return read(q);
}

}  // namespace

core::Result<std::optional<query::RunRow>> SqliteStore::latest_run() {
  return impl_->with_db("reading the latest run",
                        [&](SQLite::Database& db) { return first_row(db, kLatestRun, {}, run_row); });
}

core::Result<std::optional<query::RunRow>> SqliteStore::find_run(std::string_view run_id) {
  return impl_->with_db("reading run " + std::string(run_id),
                        [&](SQLite::Database& db) { return first_row(db, kRunById, run_id, run_row); });
}

core::Result<std::vector<query::RunListRow>> SqliteStore::runs(int limit, std::string_view mode) {
  return impl_->with_db("listing runs",
                        [&](SQLite::Database& db) -> core::Result<std::vector<query::RunListRow>> {
                          SQLite::Statement q(db, kRunsSql);
                          q.bind(1, std::string(mode));
                          q.bind(2, limit);
                          std::vector<query::RunListRow> rows;
                          while (q.executeStep())
                            rows.push_back({run_row(q), q.getColumn(10).getInt64(),
                                            q.getColumn(11).getDouble(), q.getColumn(12).getDouble()});
                          return rows;
                        });
}

core::Result<std::vector<query::RunRow>> SqliteStore::recent_runs(int limit, std::string_view mode) {
  return impl_->with_db(
      "listing runs", [&](SQLite::Database& db) -> core::Result<std::vector<query::RunRow>> {
        SQLite::Statement q(db,
                            "SELECT run_id, mode, status, started_ms, ended_ms, scenarios, passed, failed, "
                            "dropped_spans, note FROM runs WHERE (?1 = '' OR mode = ?1) "
                            "ORDER BY started_ms DESC, rowid DESC LIMIT ?2");
        q.bind(1, std::string(mode));
        q.bind(2, limit);
        std::vector<query::RunRow> rows;
        while (q.executeStep()) rows.push_back(run_row(q));
        return rows;
      });
}

core::Result<std::vector<query::ScenarioRow>> SqliteStore::scenarios(std::string_view run_id) {
  return impl_->with_db("reading the scenarios of run " + std::string(run_id),
                        [&](SQLite::Database& db) { return all_rows(db, kScenarios, run_id, scenario_row); });
}

core::Result<std::vector<query::CheckRow>> SqliteStore::checks(std::string_view run_id) {
  return impl_->with_db("reading the checks of run " + std::string(run_id),
                        [&](SQLite::Database& db) { return all_rows(db, kChecks, run_id, check_row); });
}

core::Result<std::vector<query::TurnLatencyRow>> SqliteStore::turn_latencies(std::string_view run_id) {
  return impl_->with_db("reading the turns of run " + std::string(run_id), [&](SQLite::Database& db) {
    return all_rows(db, kTurnLatencies, run_id, [](const SQLite::Statement& q) {
      return query::TurnLatencyRow{text_of(q.getColumn(0)), q.getColumn(1).getInt64()};
    });
  });
}

// The user's line is the last message of the counterpart's request (pipeline.cpp stores the request as JSON).
namespace {

constexpr const char* kPartById = "SELECT body, prev_id FROM io_parts WHERE part_id = ?";

// Part `id` (io_layout.hpp) through `part`, a statement of kPartById.
std::optional<PartText> stored_part(SQLite::Statement& part, std::int64_t id) {
  part.reset();
  part.bind(1, id);
  if (!part.executeStep()) return std::nullopt;
  return PartText{part.getColumn(0).getString(), part.getColumn(1).getInt64()};
}

}  // namespace

core::Result<std::vector<query::TranscriptRow>> SqliteStore::transcript(std::string_view run_id) {
  return impl_->with_db(
      "reading the conversations of run " + std::string(run_id),
      [&](SQLite::Database& db) -> core::Result<std::vector<query::TranscriptRow>> {
        SQLite::Statement q(db, kTranscript);
        SQLite::Statement part(db, kPartById);
        q.bind(1, std::string(run_id));
        std::vector<query::TranscriptRow> rows;
        bool simulated = false;
        while (q.executeStep()) {
          if (text_of(q.getColumn(2)) == "llm.trainee") {
            simulated = true;
            continue;
          }
          std::string user = last_message_text(
              text_of(q.getColumn(3)),
              parse_part_list(text_of(q.getColumn(5))).value_or(std::vector<std::int64_t>{}),
              [&](std::int64_t id) { return stored_part(part, id); });
          rows.push_back({text_of(q.getColumn(0)), q.getColumn(1).getInt(), simulated, std::move(user),
                          text_of(q.getColumn(4))});
          simulated = false;
        }
        return rows;
      });
}

core::Result<std::vector<query::StepSample>> SqliteStore::step_samples(std::string_view run_id) {
  return impl_->with_db("reading the spans of run " + std::string(run_id), [&](SQLite::Database& db) {
    return all_rows(db, kStepSamples, run_id, step_sample);
  });
}

core::Result<std::vector<query::EstimateRow>> SqliteStore::estimates(std::string_view run_id) {
  return impl_->with_db("reading the cost estimate of run " + std::string(run_id), [&](SQLite::Database& db) {
    return all_rows(db, kEstimates, run_id,
                    [](const SQLite::Statement& q) { return rows::estimate(Cols{q}); });
  });
}

core::Result<std::vector<query::TraceRow>> SqliteStore::run_traces(std::string_view run_id) {
  return impl_->with_db("reading the traces of run " + std::string(run_id),
                        [&](SQLite::Database& db) { return all_rows(db, kRunTracesSql, run_id, trace_row); });
}

core::Result<std::int64_t> SqliteStore::trace_count() {
  return impl_->with_db("counting traces", [&](SQLite::Database& db) -> core::Result<std::int64_t> {
    return db.execAndGet("SELECT coalesce(sum(traces), 0) FROM trace_days").getInt64();
  });
}

// Newest first, from the page's day on (trace_pages.hpp).
core::Result<std::vector<query::TraceRow>> SqliteStore::newest_traces(std::int64_t offset, int limit) {
  return impl_->with_db(
      "listing traces", [&](SQLite::Database& db) -> core::Result<std::vector<query::TraceRow>> {
        std::vector<query::TraceRow> rows;
        if (limit <= 0 || offset < 0) return rows;
        const std::optional<PageWalk> walk = page_walk(traces_by_day(db), offset, limit);
        if (!walk) return rows;
        SQLite::Statement q(
            db, std::string(kTraceColumns) + (walk->newest_first ? kNewestTraces : kOldestTraces));
        q.bind(1, walk->bound_ms);
        q.bind(2, limit);
        q.bind(3, walk->skip);
        while (q.executeStep()) rows.push_back(trace_row(q));
        if (!walk->newest_first) std::reverse(rows.begin(), rows.end());
        return rows;
      });
}

// A trace is found by its full id or by any part of it of 8+ hex digits that only one trace has: the short
// form listings show (the id's last 8 digits, query::short_trace_id; indexed since schema 6), a prefix (a
// range on the primary key), or any other piece (a scan). Ambiguity names the candidates.
core::Result<std::optional<query::TraceRow>> SqliteStore::find_trace(std::string_view id_or_part) {
  using Out = core::Result<std::optional<query::TraceRow>>;
  std::string id(id_or_part);
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!is_hex(id) || id.size() > 32) return std::optional<query::TraceRow>();
  return impl_->with_db("finding trace " + id, [&](SQLite::Database& db) -> Out {
    if (id.size() == 32)
      return first_row(db, (std::string(kTraceColumns) + "WHERE trace_id = ?").c_str(), id, trace_row);
    if (id.size() < query::kShortTraceIdDigits)
      return core::fail(query::errc::short_trace_id, id,
                        "give at least 8 hex digits of the trace id: the short id that `report --traces` and "
                        "/admin traces show, or any longer part of the full id");
    std::vector<query::TraceRow> rows;
    auto collect = [&](SQLite::Statement& q) {
      while (q.executeStep() && rows.size() < 6) {
        query::TraceRow row = trace_row(q);
        if (std::none_of(rows.begin(), rows.end(), [&](const auto& r) { return r.trace_id == row.trace_id; }))
          rows.push_back(std::move(row));
      }
    };
    if (id.size() == query::kShortTraceIdDigits) {
      SQLite::Statement q(db, std::string(kTraceColumns) + "WHERE substr(trace_id, 25) = ? LIMIT 6");
      q.bind(1, id);
      collect(q);
    }
    // A prefix range on the primary key: [prefix, prefix + 'g'), since ids are lowercase hex.
    SQLite::Statement prefix(db, std::string(kTraceColumns) + "WHERE trace_id >= ? AND trace_id < ? LIMIT 6");
    prefix.bind(1, id);
    prefix.bind(2, id + "g");
    collect(prefix);
    if (rows.empty()) {
      SQLite::Statement part(db, std::string(kTraceColumns) + "WHERE instr(trace_id, ?) > 0 LIMIT 6");
      part.bind(1, id);
      collect(part);
    }
    if (rows.size() > 1) {
      std::string which;
      for (std::size_t i = 0; i < rows.size() && i < 5; ++i) which += (i ? ", " : "") + rows[i].trace_id;
      return core::fail(query::errc::ambiguous_trace, id,
                        "several traces contain " + id + " (" + which + (rows.size() > 5 ? ", …" : "") +
                            "); give more digits, or the short id `report --traces` shows");
    }
    if (rows.empty()) return std::optional<query::TraceRow>();
    return std::optional<query::TraceRow>(std::move(rows.front()));
  });
}

core::Result<std::vector<query::SpanRow>> SqliteStore::trace_spans(std::string_view trace_id) {
  return impl_->with_db("reading the spans of trace " + std::string(trace_id), [&](SQLite::Database& db) {
    return all_rows(db, kSpansOfTrace, trace_id, span_row);
  });
}

core::Result<std::vector<query::StepSample>> SqliteStore::step_samples_since(std::int64_t since_ms) {
  return impl_->with_db("reading recent spans",
                        [&](SQLite::Database& db) -> core::Result<std::vector<query::StepSample>> {
                          SQLite::Statement q(db, kStepSamplesSince);
                          q.bind(1, since_ms);
                          std::vector<query::StepSample> rows;
                          while (q.executeStep()) rows.push_back(step_sample(q));
                          return rows;
                        });
}

// Root spans ("pipeline.<kind>") are traces: counted from the rollup for the window's whole hours, from the
// traces themselves before the first one.
core::Result<query::TraceCounts> SqliteStore::trace_counts_since(std::int64_t since_ms) {
  return impl_->with_db(
      "counting recent traces", [&](SQLite::Database& db) -> core::Result<query::TraceCounts> {
        const std::int64_t first_hour = StepWindowBuilder::first_hour(since_ms);
        SQLite::Statement q(db,
                            "SELECT count(*), coalesce(sum(status = 'error'), 0) FROM traces "
                            "WHERE start_ms >= ? AND start_ms < ?");
        q.bind(1, since_ms);
        q.bind(2, first_hour * kRollupHourMs);
        q.executeStep();
        query::TraceCounts counts{q.getColumn(0).getInt64(), q.getColumn(1).getInt64()};
        SQLite::Statement r(db,
                            "SELECT coalesce(sum(spans), 0), coalesce(sum(errors), 0) FROM step_rollup "
                            "WHERE hour >= ? AND name >= 'pipeline.' AND name < 'pipeline/'");
        r.bind(1, first_hour);
        r.executeStep();
        counts.traces += r.getColumn(0).getInt64();
        counts.errors += r.getColumn(1).getInt64();
        return counts;
      });
}

core::Result<std::vector<query::StepWindow>> SqliteStore::step_window_since(std::int64_t since_ms) {
  return impl_->with_db(
      "reading recent step statistics",
      [&](SQLite::Database& db) -> core::Result<std::vector<query::StepWindow>> {
        const std::int64_t first_hour = StepWindowBuilder::first_hour(since_ms);
        StepWindowBuilder window;
        SQLite::Statement r(db,
                            "SELECT name, bucket, sum(spans), sum(errors), sum(input_tokens), "
                            "sum(output_tokens), sum(cost_usd) FROM step_rollup WHERE hour >= ? "
                            "GROUP BY name, bucket");
        r.bind(1, first_hour);
        while (r.executeStep())
          window.add_bucket(r.getColumn(0).getString(), r.getColumn(1).getInt64(),
                            {r.getColumn(2).getInt64(), r.getColumn(3).getInt64(), r.getColumn(4).getInt64(),
                             r.getColumn(5).getInt64(), r.getColumn(6).getDouble()});
        // Before the first whole hour: the spans themselves, exact (a spans' start after it is in the
        // rollup).
        SQLite::Statement q(
            db,
            "SELECT s.name, s.duration_us, s.status = 'error', s.input_tokens, s.output_tokens, "
            "s.cost_usd FROM traces t JOIN spans s ON s.trace_id = t.trace_id "
            "WHERE t.start_ms >= ?1 AND t.start_ms < ?2 AND s.start_ms < ?2");
        q.bind(1, since_ms);
        q.bind(2, first_hour * kRollupHourMs);
        while (q.executeStep())
          window.add_span(q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                          {1, q.getColumn(2).getInt64(), q.getColumn(3).getInt64(), q.getColumn(4).getInt64(),
                           q.getColumn(5).getDouble()});
        return window.take();
      });
}

core::Result<std::vector<query::TraceRow>> SqliteStore::export_traces_since(std::int64_t since_ms,
                                                                            int limit) {
  return impl_->with_db("reading recent traces",
                        [&](SQLite::Database& db) -> core::Result<std::vector<query::TraceRow>> {
                          SQLite::Statement q(db, kExportTracesSinceSql);
                          q.bind(1, since_ms);
                          q.bind(2, limit);
                          std::vector<query::TraceRow> rows;
                          while (q.executeStep()) rows.push_back(trace_row(q));
                          return rows;
                        });
}

}  // namespace dq::store
