// PgStore's read side (query::TraceReader): the SQLite store's queries (sqlite_store_reads.cpp), with `seq`
// where those order by rowid; the same rows in the same order.
#include <algorithm>
#include <cctype>
#include <limits>
#include <unordered_map>

#include "bot/query/query_errors.hpp"
#include "bot/store/io_layout.hpp"
#include "bot/store/pg_store_impl.hpp"
#include "bot/store/row_reads.hpp"
#include "bot/store/step_rollup.hpp"
#include "bot/store/trace_pages.hpp"

namespace dq::store {
namespace {

using pg::p;
using pg::Rows;

constexpr const char* kRunColumns =
    "SELECT run_id, mode, status, started_ms, ended_ms, scenarios, passed, failed, dropped_spans, note FROM "
    "runs ";
constexpr const char* kScenarios =
    "SELECT scenario, file, status, turns, duration_us, error, repetition FROM scenario_results "
    "WHERE run_id = $1 ORDER BY scenario, repetition";
constexpr const char* kChecks =
    "SELECT scenario, turn, check_name, status, detail, repetition FROM check_results WHERE run_id = $1 "
    "ORDER BY scenario, repetition, turn <= 0, abs(turn), seq";
// A run's rows are read within the span of time its traces cover (runs.traces_from_ms / traces_to_ms, kept
// by the writer; a span starts within its trace, or up to kLateSpanMs after it), given as $2 and $3: the
// server then plans and reads only the day partitions of the run, not every day's.
#define DQ_IN_RUN_WINDOW(col) " AND " col " BETWEEN $2 AND $3"
// The same within a query over runs `r` (the whole time line for a run without a window).
#define DQ_IN_WINDOW_OF(r, t)                   \
  " AND " t ".start_ms BETWEEN coalesce(" r     \
  ".traces_from_ms, -9223372036854775808) AND " \
  "coalesce(" r ".traces_to_ms, 9223372036854775807)"
constexpr const char* kTranscript =
    "SELECT t.scenario, t.turn, s.name, io.input, io.output, io.parts FROM traces t "
    "JOIN spans s ON s.trace_id = t.trace_id "
    "JOIN span_io io ON io.trace_id = s.trace_id AND io.span_id = s.span_id "
    "WHERE t.run_id = $1 AND t.pipeline = 'turn' AND s.name IN ('llm.trainee', 'llm.counterpart') "
    DQ_IN_RUN_WINDOW("t.start_ms") DQ_IN_RUN_WINDOW("s.start_ms") DQ_IN_RUN_WINDOW("io.start_ms") " "
    "AND t.chat_id = t.run_id || '/' || t.scenario "
    "ORDER BY t.scenario, t.turn, s.start_ms, s.seq";
constexpr const char* kTurnLatencies =
    "SELECT scenario, duration_us FROM traces WHERE run_id = $1 AND pipeline = 'turn' " DQ_IN_RUN_WINDOW(
        "start_ms") " ORDER BY scenario, seq";
constexpr const char* kStepSampleColumns =
    "SELECT s.name, s.duration_us, s.status, s.model, s.input_tokens, s.output_tokens, s.cost_usd, "
    "t.scenario "
    "FROM traces t JOIN spans s ON s.trace_id = t.trace_id ";
constexpr const char* kEstimates =
    "SELECT scenario, role, planned_calls, planned_input_tokens, planned_output_tokens, expected_usd, "
    "worst_usd FROM run_estimates WHERE run_id = $1 ORDER BY scenario, seq";
constexpr const char* kRuns =
    "SELECT r.run_id, r.mode, r.status, r.started_ms, r.ended_ms, r.scenarios, r.passed, r.failed, "
    "r.dropped_spans, r.note, "
    "(SELECT count(*) FROM traces t JOIN spans s ON s.trace_id = t.trace_id "
    " WHERE t.run_id = r.run_id AND s.model <> ''" DQ_IN_WINDOW_OF("r", "t") DQ_IN_WINDOW_OF("r", "s") "), "
    "(SELECT coalesce(sum(s.cost_usd), 0) FROM traces t JOIN spans s ON s.trace_id = t.trace_id "
    " WHERE t.run_id = r.run_id AND s.model <> ''" DQ_IN_WINDOW_OF("r", "t") DQ_IN_WINDOW_OF("r", "s") "), "
    "coalesce((SELECT sum(e.expected_usd) FROM run_estimates e WHERE e.run_id = r.run_id), -1) "
    "FROM runs r WHERE ($1::text = '' OR r.mode = $1::text) ORDER BY r.started_ms DESC, r.seq DESC LIMIT $2";
constexpr const char* kTraceColumns =
    "SELECT trace_id, run_id, pipeline, scenario, turn, user_id, chat_id, start_ms, duration_us, status, "
    "error "
    "FROM traces ";
constexpr const char* kSpansOfTrace =
    "SELECT span_id, parent_span_id, name, status, error, model, start_ms, duration_us, input_tokens, "
    "output_tokens, cost_usd, CASE WHEN start_us > 0 THEN start_us ELSE start_ms * 1000 END AS start, "
    "provider FROM spans WHERE trace_id = $1 ORDER BY start, seq";

// Row `i` of a result, as row_reads.hpp reads it.
struct Cols {
  const Rows& q;
  int i;
  std::string text(int k) const { return q.text(i, k); }
  std::int64_t i64(int k) const { return q.i64(i, k); }
  double f64(int k) const { return q.f64(i, k); }
  bool null(int k) const { return q.null(i, k); }
};

query::RunRow run_row(const Rows& q, int i) {
  return rows::run(Cols{q, i});
}
query::TraceRow trace_row(const Rows& q, int i) {
  return rows::trace(Cols{q, i});
}
query::StepSample step_sample(const Rows& q, int i) {
  return rows::step_sample(Cols{q, i});
}

// Every row of `sql` with `params`, read by `read(rows, i)`.
template <class Read>
auto all_rows(PgStore::Impl& m, const std::string& doing, const std::string& sql, const pg::Params& params,
              Read read) -> core::Result<std::vector<decltype(read(std::declval<const Rows&>(), 0))>> {
  return m.with_db(
      [&](pg::Connection& db) -> core::Result<std::vector<decltype(read(std::declval<const Rows&>(), 0))>> {
        auto q = db.exec(doing, sql, params);
        if (!q) return std::unexpected(std::move(q.error()));
        std::vector<decltype(read(*q, 0))> rows;
        rows.reserve(static_cast<std::size_t>(q->size()));
        for (int i = 0; i < q->size(); ++i) rows.push_back(read(*q, i));
        return rows;
      });
}

template <class Read>
auto first_row(PgStore::Impl& m, const std::string& doing, const std::string& sql, const pg::Params& params,
               Read read) -> core::Result<std::optional<decltype(read(std::declval<const Rows&>(), 0))>> {
  auto rows = all_rows(m, doing, sql, params, read);
  if (!rows) return std::unexpected(std::move(rows.error()));
  if (rows->empty()) return std::nullopt;
  return std::move(rows->front());
}

// The span of time run `run_id`'s traces cover, as the parameters $2 and $3 after `run_id`; the whole time
// line for a run with no window (no trace written yet, or no run row).
core::Result<pg::Params> in_run_window(PgStore::Impl& m, std::string_view run_id) {
  auto window =
      first_row(m, "reading run " + std::string(run_id),
                "SELECT traces_from_ms, traces_to_ms FROM runs WHERE run_id = $1 AND traces_from_ms "
                "IS NOT NULL AND traces_to_ms IS NOT NULL",
                {p(run_id)}, [](const Rows& q, int i) {
                  return std::pair{q.i64(i, 0), q.i64(i, 1)};
                });
  if (!window) return std::unexpected(std::move(window.error()));
  const auto [from, to] = window->value_or(
      std::pair{std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()});
  return pg::Params{p(run_id), p(from), p(to)};
}

// Every row of run `run_id` that `sql` reads ($1 the run, $2 and $3 its window).
template <class Read>
auto run_rows(PgStore::Impl& m, std::string_view run_id, const std::string& doing, const std::string& sql,
              Read read) -> decltype(all_rows(m, doing, sql, {}, read)) {
  auto params = in_run_window(m, run_id);
  if (!params) return std::unexpected(std::move(params.error()));
  return all_rows(m, doing, sql, *params, read);
}

bool is_hex(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

core::Result<std::optional<query::RunRow>> PgStore::latest_run() {
  return first_row(*impl_, "reading the latest run",
                   std::string(kRunColumns) + "ORDER BY started_ms DESC, seq DESC LIMIT 1", {}, run_row);
}

core::Result<std::optional<query::RunRow>> PgStore::find_run(std::string_view run_id) {
  return first_row(*impl_, "reading run " + std::string(run_id),
                   std::string(kRunColumns) + "WHERE run_id = $1", {p(run_id)}, run_row);
}

core::Result<std::vector<query::RunListRow>> PgStore::runs(int limit, std::string_view mode) {
  return all_rows(*impl_, "listing runs", kRuns, {p(mode), p(std::int64_t{limit})}, [](const Rows& q, int i) {
    return query::RunListRow{run_row(q, i), q.i64(i, 10), q.f64(i, 11), q.f64(i, 12)};
  });
}

core::Result<std::vector<query::RunRow>> PgStore::recent_runs(int limit, std::string_view mode) {
  return all_rows(*impl_, "listing runs",
                  std::string(kRunColumns) +
                      "WHERE ($1::text = '' OR mode = $1::text) ORDER BY started_ms DESC, seq DESC LIMIT $2",
                  {p(mode), p(std::int64_t{limit})}, run_row);
}

core::Result<std::vector<query::ScenarioRow>> PgStore::scenarios(std::string_view run_id) {
  return all_rows(*impl_, "reading the scenarios of run " + std::string(run_id), kScenarios, {p(run_id)},
                  [](const Rows& q, int i) {
                    return rows::scenario(Cols{q, i});
                  });
}

core::Result<std::vector<query::CheckRow>> PgStore::checks(std::string_view run_id) {
  return all_rows(*impl_, "reading the checks of run " + std::string(run_id), kChecks, {p(run_id)},
                  [](const Rows& q, int i) {
                    return rows::check(Cols{q, i});
                  });
}

core::Result<std::vector<query::TurnLatencyRow>> PgStore::turn_latencies(std::string_view run_id) {
  return run_rows(*impl_, run_id, "reading the turns of run " + std::string(run_id), kTurnLatencies,
                  [](const Rows& q, int i) {
                    return query::TurnLatencyRow{q.text(i, 0), q.i64(i, 1)};
                  });
}

// The user's line is the last message of the counterpart's request (pipeline.cpp stores the request as JSON).
core::Result<std::vector<query::TranscriptRow>> PgStore::transcript(std::string_view run_id) {
  struct Line {
    std::string scenario;
    int turn;
    std::string name, input, output, parts;
  };
  auto lines = run_rows(*impl_, run_id, "reading the conversations of run " + std::string(run_id),
                        kTranscript, [](const Rows& q, int i) {
                          return Line{q.text(i, 0), q.i32(i, 1),  q.text(i, 2),
                                      q.text(i, 3), q.text(i, 4), q.text(i, 5)};
                        });
  if (!lines) return std::unexpected(std::move(lines.error()));
  // A line's user text is the last message of its request: with the linear layout (io_layout.hpp), the
  // last link its skeleton names. Every part the run's lines name, in one query.
  std::string wanted = "{";
  for (const Line& line : *lines)
    if (auto ids = parse_part_list(line.parts))
      for (const std::int64_t id : *ids) wanted += (wanted.size() > 1 ? "," : "") + std::to_string(id);
  wanted += "}";
  std::unordered_map<std::int64_t, PartText> parts;
  if (wanted.size() > 2) {
    auto found = all_rows(*impl_, "reading the requests of run " + std::string(run_id),
                          "SELECT part_id, prev_id, body FROM io_parts WHERE part_id = ANY($1::bigint[])",
                          {p(wanted)}, [](const Rows& q, int i) {
                            return std::pair{q.i64(i, 0), PartText{q.text(i, 2), q.i64(i, 1)}};
                          });
    if (!found) return std::unexpected(std::move(found.error()));
    for (auto& [id, part] : *found) parts.emplace(id, std::move(part));
  }
  auto part_of = [&](std::int64_t id) -> std::optional<PartText> {
    auto it = parts.find(id);
    return it == parts.end() ? std::nullopt : std::optional<PartText>(it->second);
  };
  std::vector<query::TranscriptRow> rows;
  bool simulated = false;
  for (Line& line : *lines) {
    if (line.name == "llm.trainee") {
      simulated = true;
      continue;
    }
    std::string user = last_message_text(
        line.input, parse_part_list(line.parts).value_or(std::vector<std::int64_t>{}), part_of);
    rows.push_back({std::move(line.scenario), line.turn, simulated, std::move(user), std::move(line.output)});
    simulated = false;
  }
  return rows;
}

core::Result<std::vector<query::StepSample>> PgStore::step_samples(std::string_view run_id) {
  return run_rows(*impl_, run_id, "reading the spans of run " + std::string(run_id),
                  std::string(kStepSampleColumns) + "WHERE t.run_id = $1" DQ_IN_RUN_WINDOW("t.start_ms")
                                                        DQ_IN_RUN_WINDOW("s.start_ms"),
                  step_sample);
}

core::Result<std::vector<query::EstimateRow>> PgStore::estimates(std::string_view run_id) {
  return all_rows(*impl_, "reading the cost estimate of run " + std::string(run_id), kEstimates, {p(run_id)},
                  [](const Rows& q, int i) {
                    return rows::estimate(Cols{q, i});
                  });
}

core::Result<std::vector<query::TraceRow>> PgStore::run_traces(std::string_view run_id) {
  return run_rows(
      *impl_, run_id, "reading the traces of run " + std::string(run_id),
      std::string(kTraceColumns) + "WHERE run_id = $1" DQ_IN_RUN_WINDOW("start_ms") " ORDER BY start_ms, seq",
      trace_row);
}

namespace {

// Traces per UTC day (trace_days), oldest day first.
core::Result<std::vector<std::pair<std::int64_t, std::int64_t>>> traces_by_day(PgStore::Impl& m) {
  return all_rows(m, "counting traces", "SELECT day, traces FROM trace_days WHERE traces > 0 ORDER BY day",
                  {}, [](const Rows& q, int i) {
                    return std::pair{q.i64(i, 0), q.i64(i, 1)};
                  });
}

}  // namespace

core::Result<std::int64_t> PgStore::trace_count() {
  auto days = traces_by_day(*impl_);
  if (!days) return std::unexpected(std::move(days.error()));
  std::int64_t total = 0;
  for (const auto& [day, traces] : *days) total += traces;
  return total;
}

// Newest first, from the page's day on (trace_pages.hpp).
core::Result<std::vector<query::TraceRow>> PgStore::newest_traces(std::int64_t offset, int limit) {
  std::vector<query::TraceRow> none;
  if (limit <= 0 || offset < 0) return none;
  auto days = traces_by_day(*impl_);
  if (!days) return std::unexpected(std::move(days.error()));
  const std::optional<PageWalk> walk = page_walk(*days, offset, limit);
  if (!walk) return none;
  auto rows = all_rows(
      *impl_, "listing traces",
      std::string(kTraceColumns) +
          (walk->newest_first ? "WHERE start_ms < $1 ORDER BY start_ms DESC, seq DESC LIMIT $2 OFFSET $3"
                              : "WHERE start_ms >= $1 ORDER BY start_ms ASC, seq ASC LIMIT $2 OFFSET $3"),
      {p(walk->bound_ms), p(std::int64_t{limit}), p(walk->skip)}, trace_row);
  if (rows && !walk->newest_first) std::reverse(rows->begin(), rows->end());
  return rows;
}

// By its full id or any part of 8+ hex digits that only one trace has (see SqliteStore::find_trace).
core::Result<std::optional<query::TraceRow>> PgStore::find_trace(std::string_view id_or_part) {
  std::string id(id_or_part);
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!is_hex(id) || id.size() > 32) return std::optional<query::TraceRow>();
  const std::string doing = "finding trace " + id;
  if (id.size() == 32)
    return first_row(*impl_, doing, std::string(kTraceColumns) + "WHERE trace_id = $1", {p(id)}, trace_row);
  if (id.size() < query::kShortTraceIdDigits)
    return core::fail(query::errc::short_trace_id, id,
                      "give at least 8 hex digits of the trace id: the short id that `report --traces` and "
                      "/admin traces show, or any longer part of the full id");
  std::vector<query::TraceRow> rows;
  auto collect = [&](const std::string& where, const pg::Params& params) -> core::Result<void> {
    auto found = all_rows(*impl_, doing, std::string(kTraceColumns) + where + " LIMIT 6", params, trace_row);
    if (!found) return std::unexpected(std::move(found.error()));
    for (query::TraceRow& row : *found) {
      if (rows.size() >= 6) break;
      if (std::none_of(rows.begin(), rows.end(), [&](const auto& r) { return r.trace_id == row.trace_id; }))
        rows.push_back(std::move(row));
    }
    return {};
  };
  if (id.size() == query::kShortTraceIdDigits)
    if (auto c = collect("WHERE substr(trace_id, 25) = $1", {p(id)}); !c)
      return std::unexpected(std::move(c.error()));
  if (auto c = collect("WHERE trace_id >= $1 AND trace_id < $2", {p(id), p(id + "g")}); !c)
    return std::unexpected(std::move(c.error()));
  if (rows.empty())
    if (auto c = collect("WHERE strpos(trace_id, $1) > 0", {p(id)}); !c)
      return std::unexpected(std::move(c.error()));
  if (rows.size() > 1) {
    std::string which;
    for (std::size_t i = 0; i < rows.size() && i < 5; ++i) which += (i ? ", " : "") + rows[i].trace_id;
    return core::fail(query::errc::ambiguous_trace, id,
                      "several traces contain " + id + " (" + which + (rows.size() > 5 ? ", …" : "") +
                          "); give more digits, or the short id `report --traces` shows");
  }
  if (rows.empty()) return std::optional<query::TraceRow>();
  return std::optional<query::TraceRow>(std::move(rows.front()));
}

core::Result<std::vector<query::SpanRow>> PgStore::trace_spans(std::string_view trace_id) {
  return all_rows(*impl_, "reading the spans of trace " + std::string(trace_id), kSpansOfTrace, {p(trace_id)},
                  [](const Rows& q, int i) {
                    return rows::span(Cols{q, i});
                  });
}

core::Result<std::vector<query::StepSample>> PgStore::step_samples_since(std::int64_t since_ms) {
  // A span starts no earlier than its trace: the condition on s.start_ms lets the server skip the older day
  // partitions of spans instead of probing each of them for every trace.
  return all_rows(*impl_, "reading recent spans",
                  std::string(kStepSampleColumns) + "WHERE t.start_ms >= $1 AND s.start_ms >= $1",
                  {p(since_ms)}, step_sample);
}

// Root spans ("pipeline.<kind>") are traces: counted from the rollup for the window's whole hours, from the
// traces themselves before the first one.
core::Result<query::TraceCounts> PgStore::trace_counts_since(std::int64_t since_ms) {
  const std::int64_t first_hour = StepWindowBuilder::first_hour(since_ms);
  auto counts = first_row(
      *impl_, "counting recent traces",
      "SELECT (SELECT count(*) FROM traces WHERE start_ms >= $1 AND start_ms < $2) + (SELECT "
      "coalesce(sum(spans), "
      "0) FROM step_rollup WHERE hour >= $3 AND name >= 'pipeline.' AND name < 'pipeline/'), "
      "(SELECT count(*) FROM traces WHERE start_ms >= $1 AND start_ms < $2 AND status = 'error') + (SELECT "
      "coalesce(sum(errors), 0) FROM step_rollup WHERE hour >= $3 AND name >= 'pipeline.' AND name < "
      "'pipeline/')",
      {p(since_ms), p(first_hour * kRollupHourMs), p(first_hour)}, [](const Rows& q, int i) {
        return query::TraceCounts{q.i64(i, 0), q.i64(i, 1)};
      });
  if (!counts) return std::unexpected(std::move(counts.error()));
  return counts->value_or(query::TraceCounts{});
}

core::Result<std::vector<query::StepWindow>> PgStore::step_window_since(std::int64_t since_ms) {
  const std::int64_t first_hour = StepWindowBuilder::first_hour(since_ms);
  return impl_->with_db([&](pg::Connection& db) -> core::Result<std::vector<query::StepWindow>> {
    const std::string doing = "reading recent step statistics";
    auto rolled =
        db.exec(doing,
                "SELECT name, bucket, sum(spans), sum(errors), sum(input_tokens), sum(output_tokens), "
                "sum(cost_usd) FROM step_rollup WHERE hour >= $1 GROUP BY name, bucket",
                {p(first_hour)});
    if (!rolled) return std::unexpected(std::move(rolled.error()));
    // Before the first whole hour: the spans themselves, exact (a span's start after it is in the rollup).
    auto spans =
        db.exec(doing,
                "SELECT s.name, s.duration_us, (s.status = 'error')::int, s.input_tokens, "
                "s.output_tokens, s.cost_usd FROM traces t JOIN spans s ON s.trace_id = t.trace_id "
                "WHERE t.start_ms >= $1 AND t.start_ms < $2 AND s.start_ms >= $1 AND s.start_ms < $2",
                {p(since_ms), p(first_hour * kRollupHourMs)});
    if (!spans) return std::unexpected(std::move(spans.error()));
    StepWindowBuilder window;
    for (int i = 0; i < rolled->size(); ++i)
      window.add_bucket(
          rolled->text(i, 0), rolled->i64(i, 1),
          {rolled->i64(i, 2), rolled->i64(i, 3), rolled->i64(i, 4), rolled->i64(i, 5), rolled->f64(i, 6)});
    for (int i = 0; i < spans->size(); ++i)
      window.add_span(spans->text(i, 0), spans->i64(i, 1),
                      {1, spans->i64(i, 2), spans->i64(i, 3), spans->i64(i, 4), spans->f64(i, 5)});
    return window.take();
  });
}

core::Result<std::vector<query::TraceRow>> PgStore::export_traces_since(std::int64_t since_ms, int limit) {
  return all_rows(*impl_, "reading recent traces",
                  std::string(kTraceColumns) + "WHERE start_ms >= $1 ORDER BY start_ms, seq LIMIT $2",
                  {p(since_ms), p(std::int64_t{limit})}, trace_row);
}

}  // namespace dq::store
