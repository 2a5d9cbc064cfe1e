// PgStore's query::RunStore: runs, their scenario and check results and cost estimates, on the reader's
// connection (as SqliteStore does them on its CLI-side one).
#include "bot/store/pg_store_impl.hpp"
#include "bot/store/store_errors.hpp"

namespace dq::store {
namespace {

using pg::p;

core::Error unknown_run(const pg::Location& where, std::string_view run_id, std::string_view doing) {
  return {
      errc::unknown_run, where.shown,
      std::string(doing) + ": there is no run '" + std::string(run_id) + "' in this store (begin_run first)"};
}

// store.unknown_run unless the run exists.
core::Result<void> run_exists(pg::Connection& db, std::string_view run_id, const std::string& doing) {
  auto found = db.exec(doing, "SELECT 1 FROM runs WHERE run_id = $1", {p(run_id)});
  if (!found) return std::unexpected(std::move(found.error()));
  if (found->size() == 0) return std::unexpected(unknown_run(db.where(), run_id, doing));
  return {};
}

template <class T>
core::Result<void> done(core::Result<T>&& r) {
  if (!r) return std::unexpected(std::move(r.error()));
  return {};
}

}  // namespace

core::Result<void> PgStore::begin_run(const query::RunRow& run) {
  const std::string doing = "starting run " + run.run_id;
  return impl_->with_db([&](pg::Connection& db) {
    return done(db.exec(
        doing,
        // The window of any trace written before the run row (the writer widens it from here on).
        "INSERT INTO runs (run_id, mode, status, started_ms, ended_ms, scenarios, passed, failed, "
        "dropped_spans, note, owner, traces_from_ms, traces_to_ms) SELECT $1::text, $2::text, $3::text, "
        "$4::bigint, $5::bigint, $6::bigint, $7::bigint, $8::bigint, $9::bigint, $10::text, $11::text, "
        "min(start_ms), max(start_ms + duration_us / 1000 + 1 + " +
            std::to_string(pg::kLateSpanMs) + ") FROM traces WHERE run_id = $1::text",
        {p(run.run_id), p(run.mode), p(run.status), p(run.started_ms), p(run.ended_ms),
         p(std::int64_t{run.scenarios}), p(std::int64_t{run.passed}), p(std::int64_t{run.failed}),
         p(static_cast<std::int64_t>(run.dropped_spans)), p(run.note), p(run.owner)}));
  });
}

core::Result<void> PgStore::record_scenario(std::string_view run_id, const query::ScenarioRow& scenario,
                                            const std::vector<query::CheckRow>& checks) {
  const std::string doing = "recording scenario " + scenario.scenario + " of run " + std::string(run_id);
  return impl_->with_db([&](pg::Connection& db) {
    return pg::in_transaction(db, doing, [&]() -> core::Result<void> {
      if (auto exists = run_exists(db, run_id, doing); !exists) return exists;
      auto s =
          db.exec(doing,
                  "INSERT INTO scenario_results (run_id, scenario, file, status, turns, duration_us, error, "
                  "repetition) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                  {p(run_id), p(scenario.scenario), p(scenario.file), p(scenario.status),
                   p(std::int64_t{scenario.turns}), p(scenario.duration_us), p(scenario.error),
                   p(std::int64_t{scenario.repetition})});
      if (!s) return std::unexpected(std::move(s.error()));
      for (const query::CheckRow& check : checks) {
        // The checks belong to this scenario and repetition, whatever their rows say.
        auto c = db.exec(doing,
                         "INSERT INTO check_results (run_id, scenario, turn, check_name, status, detail, "
                         "repetition) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                         {p(run_id), p(scenario.scenario), p(std::int64_t{check.turn}), p(check.check),
                          p(check.status), p(check.detail), p(std::int64_t{scenario.repetition})});
        if (!c) return std::unexpected(std::move(c.error()));
      }
      return {};
    });
  });
}

core::Result<void> PgStore::record_estimate(std::string_view run_id,
                                            const std::vector<query::EstimateRow>& rows) {
  const std::string doing = "recording the cost estimate of run " + std::string(run_id);
  return impl_->with_db([&](pg::Connection& db) {
    return pg::in_transaction(db, doing, [&]() -> core::Result<void> {
      if (auto exists = run_exists(db, run_id, doing); !exists) return exists;
      for (const query::EstimateRow& row : rows) {
        auto q = db.exec(
            doing,
            "INSERT INTO run_estimates (run_id, scenario, role, planned_calls, planned_input_tokens, "
            "planned_output_tokens, expected_usd, worst_usd) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            {p(run_id), p(row.scenario), p(row.role), p(row.planned_calls), p(row.planned_input_tokens),
             p(row.planned_output_tokens), p(row.expected_usd), p(row.worst_usd)});
        if (!q) return std::unexpected(std::move(q.error()));
      }
      return {};
    });
  });
}

core::Result<void> PgStore::finish_run(const query::RunRow& run) {
  const std::string doing = "finishing run " + run.run_id;
  return impl_->with_db([&](pg::Connection& db) -> core::Result<void> {
    auto q = db.exec(doing,
                     "UPDATE runs SET status = $1, ended_ms = $2, scenarios = $3, passed = $4, failed = $5, "
                     "dropped_spans = $6, note = $7 WHERE run_id = $8",
                     {p(run.status), p(run.ended_ms), p(std::int64_t{run.scenarios}),
                      p(std::int64_t{run.passed}), p(std::int64_t{run.failed}),
                      p(static_cast<std::int64_t>(run.dropped_spans)), p(run.note), p(run.run_id)});
    if (!q) return std::unexpected(std::move(q.error()));
    if (q->affected() == 0) return std::unexpected(unknown_run(db.where(), run.run_id, doing));
    return {};
  });
}

core::Result<std::vector<std::string>> PgStore::mark_abandoned_runs(
    const std::function<bool(const std::string& owner)>& alive) {
  const std::string doing = "marking abandoned runs";
  return impl_->with_db([&](pg::Connection& db) -> core::Result<std::vector<std::string>> {
    auto running = db.exec(doing, "SELECT run_id, owner FROM runs WHERE status = 'running' AND owner <> ''");
    if (!running) return std::unexpected(std::move(running.error()));
    std::vector<std::string> marked;
    for (int i = 0; i < running->size(); ++i) {
      const std::string run_id = running->text(i, 0), owner = running->text(i, 1);
      if (alive(owner)) continue;
      auto q = db.exec(
          doing,
          "UPDATE runs SET status = 'abandoned', "
          "ended_ms = greatest(started_ms, coalesce((SELECT max(start_ms + duration_us / 1000) FROM traces "
          "WHERE traces.run_id = runs.run_id), 0)), "
          "note = note || CASE WHEN note = '' THEN '' ELSE '; ' END || $1 "
          "WHERE run_id = $2 AND status = 'running'",
          {p("abandoned: its process (" + owner +
             ") ended without finishing the run (killed, crashed, or the machine stopped); traces it had not "
             "written yet are missing"),
           p(run_id)});
      if (!q) return std::unexpected(std::move(q.error()));
      if (q->affected() > 0) marked.push_back(run_id);
    }
    return marked;
  });
}

}  // namespace dq::store
