// PgStore's schema: its versions (the same numbers as the SQLite store's, migrations.hpp) and its day
// partitions.
#include <array>
#include <chrono>
#include <cstdio>

#include "bot/store/migrations.hpp"
#include "bot/store/pg_store_impl.hpp"
#include "bot/store/store_errors.hpp"

namespace dq::store::pg {
namespace {

// The PostgreSQL schema starts at version 10, the shape the SQLite store reached with its migrations 1..10
// (without v10's step_rollup, which came here at v11), written fresh (a server store never had the older
// shapes). From 10 on, the versions of the two backends step on their own (kPgSchemaVersion here,
// kCurrentSchemaVersion in migrations.hpp): a change to both appends a migration to each. Notes on the
// choices:
// - the same tables, columns and NULLs as the SQLite schema, so the queries read alike; integers are BIGINT
//   (SQLite's INTEGER is 64-bit), text that is sorted on is COLLATE "C" (SQLite compares bytes);
// - `seq` (a sequence) stands in for SQLite's rowid where an order falls back on insertion order;
// - traces, spans and span_io are partitioned by RANGE on start_ms (epoch ms), one partition per UTC day.
//   A primary key of a partitioned table must hold the partition key, hence (trace_id, start_ms) and
//   (trace_id, span_id, start_ms). span_io carries its span's start_ms for that reason;
// - BRIN on the start columns (rows arrive in time order, so block ranges follow time); B-trees for the
//   selective lookups: trace ids (the primary keys), run ids, the short id's last 8 digits, and
//   (start_ms, seq) of traces, since only a B-tree gives the newest-first pages of /admin traces in order;
// - trace_totals (trace_days since v11) is kept by the writer and prune (no trigger: dropping a partition
//   would not fire one).
constexpr const char* kPgSchemaV10 = R"sql(
CREATE TABLE schema_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);

CREATE TABLE runs (
  run_id        TEXT COLLATE "C" PRIMARY KEY NOT NULL,
  mode          TEXT COLLATE "C" NOT NULL,
  status        TEXT COLLATE "C" NOT NULL,
  started_ms    BIGINT NOT NULL,
  ended_ms      BIGINT NOT NULL DEFAULT 0,
  scenarios     BIGINT NOT NULL DEFAULT 0,
  passed        BIGINT NOT NULL DEFAULT 0,
  failed        BIGINT NOT NULL DEFAULT 0,
  dropped_spans BIGINT NOT NULL DEFAULT 0,
  note          TEXT NOT NULL DEFAULT '',
  owner         TEXT NOT NULL DEFAULT '',
  seq           BIGSERIAL NOT NULL
);
CREATE INDEX runs_by_start ON runs (started_ms, seq);
CREATE INDEX runs_running ON runs (status) WHERE status = 'running';

CREATE TABLE scenario_results (
  run_id      TEXT COLLATE "C" NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  scenario    TEXT COLLATE "C" NOT NULL,
  repetition  BIGINT NOT NULL DEFAULT 1,
  file        TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL,
  turns       BIGINT NOT NULL DEFAULT 0,
  duration_us BIGINT NOT NULL DEFAULT 0,
  error       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, scenario, repetition)
);

CREATE TABLE check_results (
  run_id     TEXT COLLATE "C" NOT NULL,
  scenario   TEXT COLLATE "C" NOT NULL,
  repetition BIGINT NOT NULL DEFAULT 1,
  turn       BIGINT NOT NULL,
  check_name TEXT COLLATE "C" NOT NULL,
  status     TEXT NOT NULL,
  detail     TEXT NOT NULL DEFAULT '',
  seq        BIGSERIAL NOT NULL,
  FOREIGN KEY (run_id, scenario, repetition)
    REFERENCES scenario_results (run_id, scenario, repetition) ON DELETE CASCADE
);
CREATE INDEX check_results_by_run ON check_results (run_id, scenario, repetition, turn);

CREATE TABLE run_estimates (
  run_id                TEXT COLLATE "C" NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  scenario              TEXT COLLATE "C" NOT NULL,
  role                  TEXT COLLATE "C" NOT NULL,
  planned_calls         BIGINT NOT NULL DEFAULT 0,
  planned_input_tokens  BIGINT NOT NULL DEFAULT 0,
  planned_output_tokens BIGINT NOT NULL DEFAULT 0,
  expected_usd          DOUBLE PRECISION NOT NULL DEFAULT 0,
  worst_usd             DOUBLE PRECISION NOT NULL DEFAULT 0,
  seq                   BIGSERIAL NOT NULL,
  PRIMARY KEY (run_id, scenario, role)
);

CREATE TABLE traces (
  trace_id    TEXT COLLATE "C" NOT NULL,
  run_id      TEXT COLLATE "C",
  pipeline    TEXT COLLATE "C" NOT NULL,
  scenario    TEXT COLLATE "C",
  turn        BIGINT,
  user_id     TEXT,
  chat_id     TEXT COLLATE "C",
  start_ms    BIGINT NOT NULL,
  duration_us BIGINT NOT NULL,
  status      TEXT NOT NULL,
  error       TEXT,
  io          TEXT NOT NULL DEFAULT 'all',
  seq         BIGSERIAL NOT NULL,
  PRIMARY KEY (trace_id, start_ms)
) PARTITION BY RANGE (start_ms);
CREATE INDEX traces_by_start_brin ON traces USING brin (start_ms);
CREATE INDEX traces_by_start ON traces (start_ms, seq);
CREATE INDEX traces_by_run ON traces (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX traces_by_id_end ON traces (substr(trace_id, 25));

CREATE TABLE spans (
  trace_id       TEXT COLLATE "C" NOT NULL,
  span_id        TEXT COLLATE "C" NOT NULL,
  parent_span_id TEXT,
  name           TEXT COLLATE "C" NOT NULL,
  start_ms       BIGINT NOT NULL,
  duration_us    BIGINT NOT NULL,
  status         TEXT NOT NULL,
  error          TEXT,
  model          TEXT,
  input_tokens   BIGINT NOT NULL DEFAULT 0,
  output_tokens  BIGINT NOT NULL DEFAULT 0,
  cost_usd       DOUBLE PRECISION NOT NULL DEFAULT 0,
  start_us       BIGINT NOT NULL DEFAULT 0,
  provider       TEXT,
  seq            BIGSERIAL NOT NULL,
  PRIMARY KEY (trace_id, span_id, start_ms)
) PARTITION BY RANGE (start_ms);
CREATE INDEX spans_by_start ON spans USING brin (start_ms);

CREATE TABLE span_io (
  trace_id TEXT COLLATE "C" NOT NULL,
  span_id  TEXT COLLATE "C" NOT NULL,
  start_ms BIGINT NOT NULL,
  input       TEXT,
  output      TEXT,
  parts       TEXT,
  input_size  BIGINT NOT NULL DEFAULT 0,
  output_size BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (trace_id, span_id, start_ms)
) PARTITION BY RANGE (start_ms);
CREATE INDEX span_io_by_start ON span_io USING brin (start_ms);

CREATE TABLE io_parts (
  part_id BIGINT PRIMARY KEY NOT NULL,
  prev_id BIGINT NOT NULL DEFAULT 0,
  body    TEXT NOT NULL,
  size    BIGINT NOT NULL,
  last_ms BIGINT NOT NULL
);
CREATE INDEX io_parts_by_last ON io_parts (last_ms);

CREATE TABLE trace_totals (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  traces BIGINT NOT NULL
);
INSERT INTO trace_totals (id, traces) VALUES (1, 0);

CREATE TABLE conversations (
  conversation_id TEXT PRIMARY KEY NOT NULL,
  messages        TEXT NOT NULL,
  debrief         TEXT NOT NULL DEFAULT '',
  updated_ms      BIGINT NOT NULL
);

CREATE TABLE chat_sessions (
  chat_id         BIGINT PRIMARY KEY NOT NULL,
  user_id         BIGINT NOT NULL,
  stage           TEXT NOT NULL,
  scenario        TEXT NOT NULL DEFAULT '',
  conversation_id TEXT NOT NULL DEFAULT '',
  turns           BIGINT NOT NULL DEFAULT 0,
  pending         TEXT NOT NULL DEFAULT '',
  updated_ms      BIGINT NOT NULL
);

CREATE TABLE bot_state (
  name  TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);
)sql";

// Version 11 (PostgreSQL only):
// - step_rollup, the SQLite store's hourly rollup of v10 (step_rollup.hpp), kept by the writer, so
//   `/admin stats` over 7 days reads a few thousand rows instead of every span; spans already stored are
//   rolled up once, here;
// - trace_days (traces per UTC day) instead of trace_totals: the total is their sum, and a page of
//   /admin traces far from either end starts its index walk at the right day instead of counting through
//   every newer trace;
// - runs.traces_from_ms / traces_to_ms: the span of time a run's traces cover (the first start, the last
//   end), kept by the writer, so a report gives the server the run's days as constants and it plans and
//   reads only those day partitions (a run's spans start within its traces, give or take kLateSpanMs:
//   the window's end has it added, here as 3600000).
constexpr const char* kPgSchemaV11 = R"sql(
CREATE TABLE trace_days (
  day    BIGINT PRIMARY KEY NOT NULL,
  traces BIGINT NOT NULL
);
INSERT INTO trace_days SELECT start_ms / 86400000, count(*) FROM traces GROUP BY 1;
DROP TABLE trace_totals;

ALTER TABLE runs ADD COLUMN traces_from_ms BIGINT, ADD COLUMN traces_to_ms BIGINT;
UPDATE runs r SET traces_from_ms = w.first_ms, traces_to_ms = w.last_ms
  FROM (SELECT run_id, min(start_ms) AS first_ms, max(start_ms + duration_us / 1000 + 1 + 3600000) AS last_ms
        FROM traces WHERE run_id IS NOT NULL GROUP BY run_id) w
  WHERE w.run_id = r.run_id;

CREATE TABLE step_rollup (
  hour          BIGINT NOT NULL,
  name          TEXT COLLATE "C" NOT NULL,
  bucket        BIGINT NOT NULL,
  spans         BIGINT NOT NULL,
  errors        BIGINT NOT NULL,
  input_tokens  BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cost_usd      DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (hour, name, bucket)
);
INSERT INTO step_rollup
  SELECT start_ms / 3600000, name,
         CASE WHEN duration_us <= 0 THEN -1 ELSE floor(ln(duration_us::float8) / ln(1.1::float8))::bigint END,
         count(*), count(*) FILTER (WHERE status = 'error'), sum(input_tokens), sum(output_tokens), sum(cost_usd)
  FROM spans GROUP BY 1, 2, 3;
)sql";

constexpr std::array<Migration, 2> kPgMigrations{{{10, kPgSchemaV10}, {11, kPgSchemaV11}}};
constexpr int kPgSchemaVersion = 11;
static_assert(kPgMigrations.back().version == kPgSchemaVersion, "a new migration moves kPgSchemaVersion");

// One lock id for schema changes and partition creation, so concurrent processes take turns.
constexpr const char* kLock = "SELECT pg_advisory_xact_lock(7364616471756573)";

core::Result<int> schema_version(Connection& db, std::string_view doing) {
  auto exists = db.exec(doing, "SELECT to_regclass('schema_version') IS NOT NULL");
  if (!exists) return std::unexpected(std::move(exists.error()));
  if (exists->text(0, 0) != "t") return 0;
  auto v = db.exec(doing, "SELECT version FROM schema_version WHERE id = 1");
  if (!v) return std::unexpected(std::move(v.error()));
  return v->size() > 0 ? v->i32(0, 0) : 0;
}

core::Error too_new(const Location& where, int version) {
  return {errc::schema_too_new, where.shown,
          "the store was written by a newer dealquest (schema " + std::to_string(version) +
              ", this build knows up to " + std::to_string(kPgSchemaVersion) +
              "); upgrade dealquest or use another --store"};
}

std::string date_digits(std::int64_t day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace

std::string partition_name(std::string_view table, std::int64_t day) {
  return std::string(table) + "_d" + date_digits(day);
}

std::optional<std::int64_t> day_of_partition(std::string_view table, std::string_view name) {
  const std::string prefix = std::string(table) + "_d";
  if (name.substr(0, prefix.size()) != prefix || name.size() != prefix.size() + 8) return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  const std::string digits(name.substr(prefix.size()));
  if (std::sscanf(digits.c_str(), "%4d%2u%2u", &y, &m, &d) != 3) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

core::Result<void> migrate(Connection& db) {
  const std::string doing = "migrating the store's schema";
  auto version = schema_version(db, doing);
  if (!version) return std::unexpected(std::move(version.error()));
  if (*version > kPgSchemaVersion) return std::unexpected(too_new(db.where(), *version));
  if (*version == kPgSchemaVersion) return {};
  return in_transaction(db, doing, [&]() -> core::Result<void> {
    if (auto locked = db.exec(doing, kLock); !locked) return std::unexpected(std::move(locked.error()));
    auto now = schema_version(db, doing);  // another process may have migrated while we waited
    if (!now) return std::unexpected(std::move(now.error()));
    if (*now > kPgSchemaVersion) return std::unexpected(too_new(db.where(), *now));
    if (*now == kPgSchemaVersion) return {};
    if (*now == 0) {
      auto tables = db.exec(doing,
                            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND "
                            "tablename <> 'schema_version'");
      if (!tables) return std::unexpected(std::move(tables.error()));
      if (tables->i64(0, 0) > 0)
        return core::fail(errc::open, db.where().shown,
                          "this PostgreSQL database is not a dealquest trace store (it has tables but no "
                          "schema_version); point --store at a trace store or at an empty database");
    }
    for (const Migration& m : kPgMigrations) {
      if (m.version <= *now) continue;
      if (auto ran = db.exec(doing, m.sql); !ran) return std::unexpected(std::move(ran.error()));
    }
    auto set = db.exec(doing,
                       "INSERT INTO schema_version (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE "
                       "SET version = excluded.version",
                       {p(static_cast<std::int64_t>(kPgSchemaVersion))});
    if (!set) return std::unexpected(std::move(set.error()));
    return {};
  });
}

core::Result<std::set<std::int64_t>> partition_days(Connection& db, std::string_view table) {
  auto rows = db.exec("listing the partitions of " + std::string(table),
                      "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                      "WHERE i.inhparent = to_regclass($1)",
                      {p(table)});
  if (!rows) return std::unexpected(std::move(rows.error()));
  std::set<std::int64_t> days;
  for (int i = 0; i < rows->size(); ++i)
    if (auto day = day_of_partition(table, rows->text(i, 0))) days.insert(*day);
  return days;
}

core::Result<void> create_partitions(Connection& db, const std::vector<std::int64_t>& days) {
  const std::string doing = "creating day partitions";
  return ddl_transaction(db, doing, [&]() -> core::Result<void> {
    if (auto locked = db.exec(doing, kLock); !locked) return std::unexpected(std::move(locked.error()));
    for (const std::int64_t day : days) {
      for (const char* table : kPartitioned) {
        const std::string sql = "CREATE TABLE IF NOT EXISTS " + partition_name(table, day) +
                                " PARTITION OF " + table + " FOR VALUES FROM (" +
                                std::to_string(day * kDayMs) + ") TO (" + std::to_string((day + 1) * kDayMs) +
                                ")";
        if (auto made = db.exec(doing, sql); !made) return std::unexpected(std::move(made.error()));
      }
    }
    return {};
  });
}

}  // namespace dq::store::pg
