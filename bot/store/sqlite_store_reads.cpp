// SqliteStore's read side (query::TraceReader), on the CLI-side connection.
#include "bot/store/sqlite_store.hpp"
#include "bot/store/sqlite_store_impl.hpp"

namespace dq::store {
namespace {

constexpr const char* kLatestRun =
    "SELECT run_id, mode, status, started_ms, ended_ms, scenarios, passed, failed, dropped_spans, note "
    "FROM runs ORDER BY started_ms DESC, rowid DESC LIMIT 1";
constexpr const char* kRunById =
    "SELECT run_id, mode, status, started_ms, ended_ms, scenarios, passed, failed, dropped_spans, note "
    "FROM runs WHERE run_id = ?";
constexpr const char* kScenarios =
    "SELECT scenario, file, status, turns, duration_us, error FROM scenario_results WHERE run_id = ? "
    "ORDER BY scenario";
// Per scenario: turns in order, the debrief (turn 0) last, checks in the order they were recorded.
constexpr const char* kChecks =
    "SELECT scenario, turn, check_name, status, detail FROM check_results WHERE run_id = ? "
    "ORDER BY scenario, turn = 0, turn, rowid";
// A span belongs to a run through its trace's root (traces.run_id).
constexpr const char* kStepSamples =
    "SELECT s.name, s.duration_us, s.status, s.model, s.input_tokens, s.output_tokens, s.cost_usd "
    "FROM traces t JOIN spans s ON s.trace_id = t.trace_id WHERE t.run_id = ?";

query::RunRow run_row(const SQLite::Statement& q) {
  query::RunRow r;
  r.run_id = text_of(q.getColumn(0));
  r.mode = text_of(q.getColumn(1));
  r.status = text_of(q.getColumn(2));
  r.started_ms = q.getColumn(3).getInt64();
  r.ended_ms = q.getColumn(4).getInt64();
  r.scenarios = q.getColumn(5).getInt();
  r.passed = q.getColumn(6).getInt();
  r.failed = q.getColumn(7).getInt();
  r.dropped_spans = static_cast<std::uint64_t>(q.getColumn(8).getInt64());
  r.note = text_of(q.getColumn(9));
  return r;
}

query::ScenarioRow scenario_row(const SQLite::Statement& q) {
  query::ScenarioRow r;
  r.scenario = text_of(q.getColumn(0));
  r.file = text_of(q.getColumn(1));
  r.status = text_of(q.getColumn(2));
  r.turns = q.getColumn(3).getInt();
  r.duration_us = q.getColumn(4).getInt64();
  r.error = text_of(q.getColumn(5));
  return r;
}

query::CheckRow check_row(const SQLite::Statement& q) {
  query::CheckRow r;
  r.scenario = text_of(q.getColumn(0));
  r.turn = q.getColumn(1).getInt();
  r.check = text_of(q.getColumn(2));
  r.status = text_of(q.getColumn(3));
  r.detail = text_of(q.getColumn(4));
  return r;
}

query::StepSample step_sample(const SQLite::Statement& q) {
  query::StepSample r;
  r.name = text_of(q.getColumn(0));
  r.duration_us = q.getColumn(1).getInt64();
  r.error = text_of(q.getColumn(2)) == "error";
  r.model = text_of(q.getColumn(3));
  r.input_tokens = q.getColumn(4).getInt64();
  r.output_tokens = q.getColumn(5).getInt64();
  r.cost_usd = q.getColumn(6).getDouble();
  return r;
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

core::Result<std::vector<query::ScenarioRow>> SqliteStore::scenarios(std::string_view run_id) {
  return impl_->with_db("reading the scenarios of run " + std::string(run_id),
                        [&](SQLite::Database& db) { return all_rows(db, kScenarios, run_id, scenario_row); });
}

core::Result<std::vector<query::CheckRow>> SqliteStore::checks(std::string_view run_id) {
  return impl_->with_db("reading the checks of run " + std::string(run_id),
                        [&](SQLite::Database& db) { return all_rows(db, kChecks, run_id, check_row); });
}

core::Result<std::vector<query::StepSample>> SqliteStore::step_samples(std::string_view run_id) {
  return impl_->with_db("reading the spans of run " + std::string(run_id), [&](SQLite::Database& db) {
    return all_rows(db, kStepSamples, run_id, step_sample);
  });
}

}  // namespace dq::store
