// PgStore's read side (query::TraceReader): the SQLite store's queries (sqlite_store_reads.cpp), with `seq`
// where those order by rowid; the same rows in the same order.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "bot/query/query_errors.hpp"
#include "bot/store/io_layout.hpp"
#include "bot/store/pg_store_impl.hpp"

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
// A span starts no earlier than its trace, so a run's spans start at or after its first trace: bounding their
// start lets the server skip the day partitions before it instead of probing each of them for every trace.
// (`+ 0`: without it the planner takes min() by walking traces_by_start from the oldest trace.)
#define DQ_RUN_START(run) "(SELECT coalesce(min(start_ms + 0), 0) FROM traces WHERE run_id = " run ")"
constexpr const char* kTranscript =
    "SELECT t.scenario, t.turn, s.name, io.input, io.output, io.parts FROM traces t "
    "JOIN spans s ON s.trace_id = t.trace_id "
    "JOIN span_io io ON io.trace_id = s.trace_id AND io.span_id = s.span_id "
    "WHERE t.run_id = $1 AND t.pipeline = 'turn' AND s.name IN ('llm.trainee', 'llm.counterpart') "
    "AND s.start_ms >= " DQ_RUN_START("$1") " AND io.start_ms >= " DQ_RUN_START("$1") " "
    "AND t.chat_id = t.run_id || '/' || t.scenario "
    "ORDER BY t.scenario, t.turn, s.start_ms, s.seq";
constexpr const char* kTurnLatencies =
    "SELECT scenario, duration_us FROM traces WHERE run_id = $1 AND pipeline = 'turn' ORDER BY scenario, seq";
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
    " WHERE t.run_id = r.run_id AND s.model <> '' AND s.start_ms >= " DQ_RUN_START("r.run_id") "), "
    "(SELECT coalesce(sum(s.cost_usd), 0) FROM traces t JOIN spans s ON s.trace_id = t.trace_id "
    " WHERE t.run_id = r.run_id AND s.model <> '' AND s.start_ms >= " DQ_RUN_START("r.run_id") "), "
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

query::RunRow run_row(const Rows& q, int i) {
  query::RunRow r;
  r.run_id = q.text(i, 0);
  r.mode = q.text(i, 1);
  r.status = q.text(i, 2);
  r.started_ms = q.i64(i, 3);
  r.ended_ms = q.i64(i, 4);
  r.scenarios = q.i32(i, 5);
  r.passed = q.i32(i, 6);
  r.failed = q.i32(i, 7);
  r.dropped_spans = static_cast<std::uint64_t>(q.i64(i, 8));
  r.note = q.text(i, 9);
  return r;
}

query::TraceRow trace_row(const Rows& q, int i) {
  query::TraceRow r;
  r.trace_id = q.text(i, 0);
  r.run_id = q.text(i, 1);
  r.pipeline = q.text(i, 2);
  r.scenario = q.text(i, 3);
  r.turn = q.null(i, 4) ? -1 : q.i32(i, 4);
  r.user_id = q.text(i, 5);
  r.chat_id = q.text(i, 6);
  r.start_ms = q.i64(i, 7);
  r.duration_us = q.i64(i, 8);
  r.status = q.text(i, 9);
  r.error = q.text(i, 10);
  return r;
}

query::StepSample step_sample(const Rows& q, int i) {
  query::StepSample r;
  r.name = q.text(i, 0);
  r.duration_us = q.i64(i, 1);
  r.error = q.text(i, 2) == "error";
  r.model = q.text(i, 3);
  r.input_tokens = q.i64(i, 4);
  r.output_tokens = q.i64(i, 5);
  r.cost_usd = q.f64(i, 6);
  r.scenario = q.text(i, 7);
  return r;
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

core::Result<std::vector<query::ScenarioRow>> PgStore::scenarios(std::string_view run_id) {
  return all_rows(*impl_, "reading the scenarios of run " + std::string(run_id), kScenarios, {p(run_id)},
                  [](const Rows& q, int i) {
                    query::ScenarioRow r;
                    r.scenario = q.text(i, 0);
                    r.file = q.text(i, 1);
                    r.status = q.text(i, 2);
                    r.turns = q.i32(i, 3);
                    r.duration_us = q.i64(i, 4);
                    r.error = q.text(i, 5);
                    r.repetition = q.i32(i, 6);
                    return r;
                  });
}

core::Result<std::vector<query::CheckRow>> PgStore::checks(std::string_view run_id) {
  return all_rows(*impl_, "reading the checks of run " + std::string(run_id), kChecks, {p(run_id)},
                  [](const Rows& q, int i) {
                    query::CheckRow r;
                    r.scenario = q.text(i, 0);
                    r.turn = q.i32(i, 1);
                    r.check = q.text(i, 2);
                    r.status = q.text(i, 3);
                    r.detail = q.text(i, 4);
                    r.repetition = q.i32(i, 5);
                    return r;
                  });
}

core::Result<std::vector<query::TurnLatencyRow>> PgStore::turn_latencies(std::string_view run_id) {
  return all_rows(*impl_, "reading the turns of run " + std::string(run_id), kTurnLatencies, {p(run_id)},
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
  auto lines = all_rows(*impl_, "reading the conversations of run " + std::string(run_id), kTranscript,
                        {p(run_id)}, [](const Rows& q, int i) {
                          return Line{q.text(i, 0), q.i32(i, 1),  q.text(i, 2),
                                      q.text(i, 3), q.text(i, 4), q.text(i, 5)};
                        });
  if (!lines) return std::unexpected(std::move(lines.error()));
  // Inputs stored as skeletons get their parts back (io_layout.hpp): every part the run's lines name, and
  // the chains of messages behind them, in one query.
  std::string wanted = "{";
  for (const Line& line : *lines)
    if (auto ids = parse_part_list(line.parts))
      for (const std::int64_t id : *ids) wanted += (wanted.size() > 1 ? "," : "") + std::to_string(id);
  wanted += "}";
  std::unordered_map<std::int64_t, PartText> parts;
  if (wanted.size() > 2) {
    auto found = all_rows(
        *impl_, "reading the requests of run " + std::string(run_id),
        "WITH RECURSIVE chain (part_id, prev_id, body) AS (SELECT part_id, prev_id, body FROM io_parts WHERE "
        "part_id = ANY($1::bigint[]) UNION SELECT p.part_id, p.prev_id, p.body FROM io_parts p JOIN chain c "
        "ON "
        "p.part_id = c.prev_id) SELECT part_id, prev_id, body FROM chain",
        {p(wanted)}, [](const Rows& q, int i) {
          return std::pair{q.i64(i, 0), PartText{q.text(i, 2), q.i64(i, 1)}};
        });
    if (!found) return std::unexpected(std::move(found.error()));
    for (auto& [id, part] : *found) parts.emplace(id, std::move(part));
  }
  for (Line& line : *lines) {
    auto ids = parse_part_list(line.parts);
    if (!ids || ids->empty()) continue;
    line.input = load_input(line.input, *ids, [&](std::int64_t id) -> std::optional<PartText> {
      auto it = parts.find(id);
      return it == parts.end() ? std::nullopt : std::optional<PartText>(it->second);
    });
  }
  std::vector<query::TranscriptRow> rows;
  bool simulated = false;
  for (Line& line : *lines) {
    if (line.name == "llm.trainee") {
      simulated = true;
      continue;
    }
    auto request = nlohmann::json::parse(line.input, nullptr, false);
    const auto* messages =
        request.is_object() && request.contains("messages") ? &request["messages"] : nullptr;
    std::string user = messages && !messages->empty() ? messages->back().value("content", "") : std::string();
    rows.push_back({std::move(line.scenario), line.turn, simulated, std::move(user), std::move(line.output)});
    simulated = false;
  }
  return rows;
}

core::Result<std::vector<query::StepSample>> PgStore::step_samples(std::string_view run_id) {
  return all_rows(
      *impl_, "reading the spans of run " + std::string(run_id),
      std::string(kStepSampleColumns) + "WHERE t.run_id = $1 AND s.start_ms >= " DQ_RUN_START("$1"),
      {p(run_id)}, step_sample);
}

core::Result<std::vector<query::EstimateRow>> PgStore::estimates(std::string_view run_id) {
  return all_rows(*impl_, "reading the cost estimate of run " + std::string(run_id), kEstimates, {p(run_id)},
                  [](const Rows& q, int i) {
                    query::EstimateRow r;
                    r.scenario = q.text(i, 0);
                    r.role = q.text(i, 1);
                    r.planned_calls = q.i64(i, 2);
                    r.planned_input_tokens = q.i64(i, 3);
                    r.planned_output_tokens = q.i64(i, 4);
                    r.expected_usd = q.f64(i, 5);
                    r.worst_usd = q.f64(i, 6);
                    return r;
                  });
}

core::Result<std::vector<query::TraceRow>> PgStore::run_traces(std::string_view run_id) {
  return all_rows(*impl_, "reading the traces of run " + std::string(run_id),
                  std::string(kTraceColumns) + "WHERE run_id = $1 ORDER BY start_ms, seq", {p(run_id)},
                  trace_row);
}

core::Result<std::int64_t> PgStore::trace_count() {
  auto total = first_row(*impl_, "counting traces", "SELECT traces FROM trace_totals WHERE id = 1", {},
                         [](const Rows& q, int i) { return q.i64(i, 0); });
  if (!total) return std::unexpected(std::move(total.error()));
  return total->value_or(0);
}

// Newest first; a page in the older half is read from the oldest end (as the SQLite store does).
core::Result<std::vector<query::TraceRow>> PgStore::newest_traces(std::int64_t offset, int limit) {
  std::vector<query::TraceRow> none;
  if (limit <= 0 || offset < 0) return none;
  auto total = trace_count();
  if (!total) return std::unexpected(std::move(total.error()));
  if (offset >= *total) return none;
  const bool from_oldest = offset > *total / 2;
  std::int64_t skip = offset, take = limit;
  if (from_oldest) {
    const std::int64_t last = std::min<std::int64_t>(*total, offset + limit);
    skip = *total - last;
    take = last - offset;
  }
  auto rows = all_rows(
      *impl_, "listing traces",
      std::string(kTraceColumns) + (from_oldest ? "ORDER BY start_ms ASC, seq ASC LIMIT $1 OFFSET $2"
                                                : "ORDER BY start_ms DESC, seq DESC LIMIT $1 OFFSET $2"),
      {p(take), p(skip)}, trace_row);
  if (rows && from_oldest) std::reverse(rows->begin(), rows->end());
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
                    query::SpanRow r;
                    r.span_id = q.text(i, 0);
                    r.parent_span_id = q.text(i, 1);
                    r.name = q.text(i, 2);
                    r.status = q.text(i, 3);
                    r.error = q.text(i, 4);
                    r.model = q.text(i, 5);
                    r.start_ms = q.i64(i, 6);
                    r.duration_us = q.i64(i, 7);
                    r.input_tokens = q.i64(i, 8);
                    r.output_tokens = q.i64(i, 9);
                    r.cost_usd = q.f64(i, 10);
                    r.start_us = q.i64(i, 11);
                    r.provider = q.text(i, 12);
                    return r;
                  });
}

core::Result<std::vector<query::StepSample>> PgStore::step_samples_since(std::int64_t since_ms) {
  // A span starts no earlier than its trace: the condition on s.start_ms lets the server skip the older day
  // partitions of spans instead of probing each of them for every trace.
  return all_rows(*impl_, "reading recent spans",
                  std::string(kStepSampleColumns) + "WHERE t.start_ms >= $1 AND s.start_ms >= $1",
                  {p(since_ms)}, step_sample);
}

core::Result<query::TraceCounts> PgStore::trace_counts_since(std::int64_t since_ms) {
  auto counts =
      first_row(*impl_, "counting recent traces",
                "SELECT count(*), count(*) FILTER (WHERE status = 'error') FROM traces WHERE start_ms >= $1",
                {p(since_ms)}, [](const Rows& q, int i) {
                  return query::TraceCounts{q.i64(i, 0), q.i64(i, 1)};
                });
  if (!counts) return std::unexpected(std::move(counts.error()));
  return counts->value_or(query::TraceCounts{});
}

core::Result<std::vector<query::TraceRow>> PgStore::export_traces_since(std::int64_t since_ms, int limit) {
  return all_rows(*impl_, "reading recent traces",
                  std::string(kTraceColumns) + "WHERE start_ms >= $1 ORDER BY start_ms, seq LIMIT $2",
                  {p(since_ms), p(std::int64_t{limit})}, trace_row);
}

}  // namespace dq::store
