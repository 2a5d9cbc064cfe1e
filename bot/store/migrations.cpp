#include "bot/store/migrations.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <array>

#include "bot/store/sqlite_error.hpp"
#include "bot/store/store_errors.hpp"

namespace dq::store {
namespace {

// Version 1. Notes on the choices:
// - ids are lowercase hex text (as in W3C trace context and OTLP/JSON), readable with the sqlite3 shell;
// - spans have no foreign key to traces: a root span ends (and is written) after its children, often in a
//   later batch, and the hot writer should not pay for a lookup per row;
// - spans of a run are found through traces.run_id (partial index: bot traffic has no run and costs nothing);
// - trace and span ids are random, so every index on them takes inserts all over its b-tree; the tables
//   themselves are rowid tables, appended to in insert order, so only the (narrow) key indexes pay for it;
// - full I/O lives in span_io, apart from the metadata, so it can be sampled and expired on its own.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE schema_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);

CREATE TABLE runs (
  run_id        TEXT PRIMARY KEY NOT NULL,
  mode          TEXT NOT NULL,
  status        TEXT NOT NULL,
  started_ms    INTEGER NOT NULL,
  ended_ms      INTEGER NOT NULL DEFAULT 0,
  scenarios     INTEGER NOT NULL DEFAULT 0,
  passed        INTEGER NOT NULL DEFAULT 0,
  failed        INTEGER NOT NULL DEFAULT 0,
  dropped_spans INTEGER NOT NULL DEFAULT 0,
  note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_by_start ON runs (started_ms);

CREATE TABLE scenario_results (
  run_id      TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  scenario    TEXT NOT NULL,
  file        TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL,
  turns       INTEGER NOT NULL DEFAULT 0,
  duration_us INTEGER NOT NULL DEFAULT 0,
  error       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, scenario)
);

CREATE TABLE check_results (
  run_id     TEXT NOT NULL,
  scenario   TEXT NOT NULL,
  turn       INTEGER NOT NULL,
  check_name TEXT NOT NULL,
  status     TEXT NOT NULL,
  detail     TEXT NOT NULL DEFAULT '',
  FOREIGN KEY (run_id, scenario) REFERENCES scenario_results (run_id, scenario) ON DELETE CASCADE
);
CREATE INDEX check_results_by_run ON check_results (run_id, scenario, turn);

CREATE TABLE traces (
  trace_id    TEXT PRIMARY KEY NOT NULL,
  run_id      TEXT,
  pipeline    TEXT NOT NULL,
  scenario    TEXT,
  turn        INTEGER,
  user_id     TEXT,
  chat_id     TEXT,
  start_ms    INTEGER NOT NULL,
  duration_us INTEGER NOT NULL,
  status      TEXT NOT NULL,
  error       TEXT
);
CREATE INDEX traces_by_start ON traces (start_ms);
CREATE INDEX traces_by_run ON traces (run_id) WHERE run_id IS NOT NULL;

CREATE TABLE spans (
  trace_id       TEXT NOT NULL,
  span_id        TEXT NOT NULL,
  parent_span_id TEXT,
  name           TEXT NOT NULL,
  start_ms       INTEGER NOT NULL,
  duration_us    INTEGER NOT NULL,
  status         TEXT NOT NULL,
  error          TEXT,
  model          TEXT,
  input_tokens   INTEGER NOT NULL DEFAULT 0,
  output_tokens  INTEGER NOT NULL DEFAULT 0,
  cost_usd       REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (trace_id, span_id)
);

CREATE TABLE span_io (
  trace_id TEXT NOT NULL,
  span_id  TEXT NOT NULL,
  input    TEXT,
  output   TEXT,
  PRIMARY KEY (trace_id, span_id)
);
)sql";

// Version 2: the bot's own state, in the same file so a restart finds it and one backup holds everything.
// - conversations: the pipeline's history per conversation (JSON of the messages; small, rewritten whole);
// - chat_sessions: where each Telegram (or console) chat stands: its scenario, conversation and stage;
// - bot_state: small named values, such as the last confirmed getUpdates offset.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE conversations (
  conversation_id TEXT PRIMARY KEY NOT NULL,
  messages        TEXT NOT NULL,
  debrief         TEXT NOT NULL DEFAULT '',
  updated_ms      INTEGER NOT NULL
);

CREATE TABLE chat_sessions (
  chat_id         INTEGER PRIMARY KEY NOT NULL,
  user_id         INTEGER NOT NULL,
  stage           TEXT NOT NULL,
  scenario        TEXT NOT NULL DEFAULT '',
  conversation_id TEXT NOT NULL DEFAULT '',
  turns           INTEGER NOT NULL DEFAULT 0,
  pending         TEXT NOT NULL DEFAULT '',
  updated_ms      INTEGER NOT NULL
);

CREATE TABLE bot_state (
  name  TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);
)sql";

// Version 3: the number of traces, kept by triggers, so a page of /admin traces does not count a million
// index entries every time (count(*) walks the whole index). The insert trigger runs once per root span
// (about one row in six), in the writer's transaction.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE trace_totals (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  traces INTEGER NOT NULL
);
INSERT INTO trace_totals (id, traces) SELECT 1, count(*) FROM traces;
CREATE TRIGGER traces_counted_in AFTER INSERT ON traces BEGIN
  UPDATE trace_totals SET traces = traces + 1 WHERE id = 1;
END;
CREATE TRIGGER traces_counted_out AFTER DELETE ON traces BEGIN
  UPDATE trace_totals SET traces = traces - 1 WHERE id = 1;
END;
)sql";

// Version 4: `run --repeat N` stores every repetition of a scenario, so scenario and check results are keyed
// by (run, scenario, repetition); rows written before are repetition 1. SQLite cannot change a primary key in
// place: both tables are rebuilt, children first so no cascade ever fires, and the renames carry the foreign
// key along (SQLite >= 3.26 rewrites references on RENAME).
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE scenario_results_v4 (
  run_id      TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  scenario    TEXT NOT NULL,
  repetition  INTEGER NOT NULL DEFAULT 1,
  file        TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL,
  turns       INTEGER NOT NULL DEFAULT 0,
  duration_us INTEGER NOT NULL DEFAULT 0,
  error       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, scenario, repetition)
);
INSERT INTO scenario_results_v4 (run_id, scenario, repetition, file, status, turns, duration_us, error)
  SELECT run_id, scenario, 1, file, status, turns, duration_us, error FROM scenario_results;
CREATE TABLE check_results_v4 (
  run_id     TEXT NOT NULL,
  scenario   TEXT NOT NULL,
  repetition INTEGER NOT NULL DEFAULT 1,
  turn       INTEGER NOT NULL,
  check_name TEXT NOT NULL,
  status     TEXT NOT NULL,
  detail     TEXT NOT NULL DEFAULT '',
  FOREIGN KEY (run_id, scenario, repetition)
    REFERENCES scenario_results_v4 (run_id, scenario, repetition) ON DELETE CASCADE
);
INSERT INTO check_results_v4 (run_id, scenario, repetition, turn, check_name, status, detail)
  SELECT run_id, scenario, 1, turn, check_name, status, detail FROM check_results ORDER BY rowid;
DROP TABLE check_results;
DROP TABLE scenario_results;
ALTER TABLE scenario_results_v4 RENAME TO scenario_results;
ALTER TABLE check_results_v4 RENAME TO check_results;
CREATE INDEX check_results_by_run ON check_results (run_id, scenario, repetition, turn);
)sql";

// Version 5: a run row knows the process that writes it ("host:pid:start-ticks", core::process_identity),
// so the next start can tell a run whose process died (SIGKILL, a crash, power loss) from one still going,
// and mark it `abandoned`. Rows written before have no owner and are never marked.
constexpr const char* kSchemaV5 = R"sql(
ALTER TABLE runs ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE INDEX runs_running ON runs (status) WHERE status = 'running';
)sql";

// Version 6: the last 8 hex digits of a trace id (its random end; the start is the time, shared by every
// trace of a run) are what listings show and people type back: indexed, so `report --trace 3f9a0c21` and
// `/admin trace 3f9a0c21` find the trace without a scan.
constexpr const char* kSchemaV6 = R"sql(
CREATE INDEX traces_by_id_end ON traces (substr(trace_id, 25));
)sql";

// Version 7: what the cost estimate planned for each run, per scenario and LLM role (`run` writes it before
// the first call), so `report` can set it next to what the run's spans used and `estimate` can say how far
// off past estimates were. A run without rows has no estimate (runs before v7, the bot). The primary key's
// index starts with run_id: both the report and the per-run sum of `report --runs` find a run's rows through
// it.
constexpr const char* kSchemaV7 = R"sql(
CREATE TABLE run_estimates (
  run_id                TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  scenario              TEXT NOT NULL,
  role                  TEXT NOT NULL,
  planned_calls         INTEGER NOT NULL DEFAULT 0,
  planned_input_tokens  INTEGER NOT NULL DEFAULT 0,
  planned_output_tokens INTEGER NOT NULL DEFAULT 0,
  expected_usd          REAL NOT NULL DEFAULT 0,
  worst_usd             REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, scenario, role)
);
)sql";

// Version 8: span starts in microseconds. Every span's start is its root's wall start plus the steady time
// since, so offsets within a trace are as exact as durations (in milliseconds, sub-millisecond steps all sat
// at +0 µs). Rows from before read start_ms * 1000 (start_us 0): the migration rewrites no row, so it is
// instant on a store of any size.
constexpr const char* kSchemaV8 = R"sql(
ALTER TABLE spans ADD COLUMN start_us INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 9: I/O that grows linearly with a conversation, sampled per trace, capped (io_layout.hpp).
// - io_parts: each part of a request once, under a hash of its text: a system prompt, or a message as a
//   link of its conversation's chain (prev_id: the message before it; 0 for the first). last_ms is the
//   start of the newest span that uses it, so retention drops a part once every span that used it is past
//   the I/O age (io_parts_by_last);
// - span_io.parts: the ids its input's skeleton refers to (NULL: the input is stored as it came, as
//   before v9); input_size / output_size: the sizes before splitting and capping (0 before v9);
// - traces.io: what the trace kept of its I/O: 'all', 'error' (kept because a span failed) or 'none';
// - spans.provider: who answered an LLM call (gen_ai.provider.name in exports).
constexpr const char* kSchemaV9 = R"sql(
CREATE TABLE io_parts (
  part_id INTEGER PRIMARY KEY NOT NULL,
  prev_id INTEGER NOT NULL DEFAULT 0,
  body    TEXT NOT NULL,
  size    INTEGER NOT NULL,
  last_ms INTEGER NOT NULL
);
CREATE INDEX io_parts_by_last ON io_parts (last_ms);
ALTER TABLE span_io ADD COLUMN parts TEXT;
ALTER TABLE span_io ADD COLUMN input_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE span_io ADD COLUMN output_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE traces ADD COLUMN io TEXT NOT NULL DEFAULT 'all';
ALTER TABLE spans ADD COLUMN provider TEXT;
)sql";

// Version 10: an hourly rollup of spans by step and duration bucket (step_rollup.hpp), kept by the writer,
// so `/admin stats` over 7 days reads a few thousand rows instead of every span. Spans already stored are
// rolled up once, here.
constexpr const char* kSchemaV10 = R"sql(
CREATE TABLE step_rollup (
  hour          INTEGER NOT NULL,
  name          TEXT NOT NULL,
  bucket        INTEGER NOT NULL,
  spans         INTEGER NOT NULL,
  errors        INTEGER NOT NULL,
  input_tokens  INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_usd      REAL NOT NULL,
  PRIMARY KEY (hour, name, bucket)
) WITHOUT ROWID;
INSERT INTO step_rollup
  SELECT start_ms / 3600000, name,
         CASE WHEN duration_us <= 0 THEN -1 ELSE CAST(floor(ln(duration_us) / ln(1.1)) AS INTEGER) END,
         count(*), sum(status = 'error'), sum(input_tokens), sum(output_tokens), sum(cost_usd)
  FROM spans GROUP BY 1, 2, 3;
)sql";

// Version 11: traces counted per UTC day (trace_days) instead of in all (trace_totals), so a page of
// /admin traces starts its walk at its own day (trace_pages.hpp); the total is their sum. PostgreSQL
// stores have the same table since their v11.
constexpr const char* kSchemaV11 = R"sql(
DROP TRIGGER traces_counted_in;
DROP TRIGGER traces_counted_out;
DROP TABLE trace_totals;
CREATE TABLE trace_days (
  day    INTEGER PRIMARY KEY NOT NULL,
  traces INTEGER NOT NULL
);
INSERT INTO trace_days SELECT start_ms / 86400000, count(*) FROM traces GROUP BY 1;
CREATE TRIGGER traces_counted_in AFTER INSERT ON traces BEGIN
  INSERT INTO trace_days (day, traces) VALUES (new.start_ms / 86400000, 1)
    ON CONFLICT (day) DO UPDATE SET traces = traces + 1;
END;
CREATE TRIGGER traces_counted_out AFTER DELETE ON traces BEGIN
  UPDATE trace_days SET traces = traces - 1 WHERE day = old.start_ms / 86400000;
END;
)sql";

constexpr std::array<Migration, 11> kMigrations{{
    {1, kSchemaV1},
    {2, kSchemaV2},
    {3, kSchemaV3},
    {4, kSchemaV4},
    {5, kSchemaV5},
    {6, kSchemaV6},
    {7, kSchemaV7},
    {8, kSchemaV8},
    {9, kSchemaV9},
    {10, kSchemaV10},
    {11, kSchemaV11},
}};

static_assert(kMigrations.back().version == kCurrentSchemaVersion,
              "the last migration reaches the current version");

bool has_user_tables(SQLite::Database& db) {
  SQLite::Statement q(db,
                      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  q.executeStep();
  return q.getColumn(0).getInt() > 0;
}

core::Error too_new(const std::string& path, int version) {
  return {errc::schema_too_new, path,
          "the store was written by a newer dealquest (schema " + std::to_string(version) +
              ", this build knows up to " + std::to_string(kCurrentSchemaVersion) +
              "); upgrade dealquest or use another --store"};
}

}  // namespace

std::span<const Migration> migrations() {
  return kMigrations;
}

int read_schema_version(SQLite::Database& db) {
  if (!db.tableExists("schema_version")) return 0;
  SQLite::Statement q(db, "SELECT version FROM schema_version WHERE id = 1");
  return q.executeStep() ? q.getColumn(0).getInt() : 0;
}

core::Result<void> migrate(SQLite::Database& db, const std::string& path) {
  try {
    int version = read_schema_version(db);
    if (version > kCurrentSchemaVersion) return std::unexpected(too_new(path, version));
    if (version == kCurrentSchemaVersion) return {};

    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    version = read_schema_version(db);  // another process may have migrated while we waited for the lock
    if (version > kCurrentSchemaVersion) return std::unexpected(too_new(path, version));
    if (version == kCurrentSchemaVersion) return {};
    if (version == 0 && has_user_tables(db))
      return core::fail(errc::open, path,
                        "this SQLite database is not a dealquest trace store (it has tables but no "
                        "schema_version); point --store at a trace store or at a new file");
    for (const Migration& m : kMigrations) {
      if (m.version <= version) continue;
      db.exec(m.sql);
    }
    SQLite::Statement set(db, "INSERT OR REPLACE INTO schema_version (id, version) VALUES (1, ?)");
    set.bind(1, kCurrentSchemaVersion);
    set.exec();
    tx.commit();
    return {};
  } catch (const SQLite::Exception& e) {
    return std::unexpected(translate(e, path, "migrating the store's schema"));
  }
}

}  // namespace dq::store
