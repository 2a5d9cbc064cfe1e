#include "bot/store/sqlite_store.hpp"

#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include "bot/store/io_layout.hpp"
#include "bot/store/migrations.hpp"
#include "bot/store/sqlite_store_impl.hpp"
#include "bot/store/step_rollup.hpp"
#include "bot/store/store_errors.hpp"

namespace dq::store {
namespace {

void put_hex(std::string& out, std::size_t at, std::uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = at + 16; i-- > at; v >>= 4) out[i] = kDigits[v & 0xf];
}

// Connection settings (per connection; journal_mode=WAL is a property of the file, set in open()).
// - synchronous=NORMAL: in WAL it never corrupts and survives application crashes; only a power loss may
//   lose the last commits, which is acceptable for traces.
// - wal_autocheckpoint=10000 pages (~40 MB): span ids are random, so a batch dirties pages all over the key
//   indexes; checkpointing every ~10 batches instead of after each one copies each page back once, not ten
//   times (about 1.5x the write rate). journal_size_limit truncates the WAL file after a checkpoint.
// - NOMUTEX: each connection is guarded by its own mutex in Impl.
SQLite::Database connect(const std::string& path, const SqliteStoreOptions& options) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
                      static_cast<int>(options.busy_timeout.count()));
  db.exec(
      "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=10000; "
      "PRAGMA journal_size_limit=67108864");
  return db;
}

// Fresh files get incremental auto-vacuum (it can only be chosen before the first table, and before WAL is
// switched on), so pruning old traces can give space back later without a full VACUUM. Reading page_count
// is also where a file that is not SQLite shows up (SQLITE_NOTADB).
void make_wal(SQLite::Database& db, const std::string& path) {
  if (db.execAndGet("PRAGMA page_count").getInt64() == 0) db.exec("PRAGMA auto_vacuum=INCREMENTAL");
  const std::string mode = db.execAndGet("PRAGMA journal_mode=WAL").getString();
  if (mode != "wal")
    throw SQLite::Exception("cannot switch " + path + " to WAL mode (journal mode stays '" + mode +
                                "'); a store must be on a local file system",
                            SQLITE_CANTOPEN);
}

constexpr const char* kInsertSpan =
    "INSERT INTO spans (trace_id, span_id, parent_span_id, name, start_ms, duration_us, status, error, "
    "model, input_tokens, output_tokens, cost_usd, start_us, provider) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertTrace =
    "INSERT INTO traces (trace_id, run_id, pipeline, scenario, turn, user_id, chat_id, start_ms, "
    "duration_us, status, error, io) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertIo =
    "INSERT INTO span_io (trace_id, span_id, input, output, parts, input_size, output_size) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
// A part already there under the same id is only marked used again; under another part, nothing changes
// (0 rows) and the writer tries the next id.
constexpr const char* kInsertPart =
    "INSERT INTO io_parts (part_id, prev_id, body, size, last_ms) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (part_id) DO UPDATE SET last_ms = max(last_ms, excluded.last_ms) "
    "WHERE body = excluded.body AND prev_id = excluded.prev_id";

// Leaves an insert ready for the next batch, holding no pointer into this batch's spans (bound NoCopy).
void release(SQLite::Statement& st) noexcept {
  st.tryReset();
  try {
    st.clearBindings();
  } catch (const SQLite::Exception&) {
    // Cannot fail for a valid statement; every parameter is bound again before the next step anyway.
  }
}

constexpr const char* kAddRollup =
    "INSERT INTO step_rollup (hour, name, bucket, spans, errors, input_tokens, output_tokens, cost_usd) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hour, name, bucket) DO UPDATE SET "
    "spans = spans + excluded.spans, errors = errors + excluded.errors, "
    "input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + "
    "excluded.output_tokens, "
    "cost_usd = cost_usd + excluded.cost_usd";

// A batch's spans summed by hour, step and duration bucket, then added to step_rollup (a few rows a batch).
void add_rollup(SQLite::Statement& add, std::span<const trace::SpanRecord> spans) {
  for (const auto& [key, sum] : rollup_of(spans)) {
    const auto& [hour, name, bucket] = key;
    add.bind(1, hour);
    add.bind(2, std::string(name));
    add.bind(3, bucket);
    add.bind(4, sum.spans);
    add.bind(5, sum.errors);
    add.bind(6, sum.input_tokens);
    add.bind(7, sum.output_tokens);
    add.bind(8, sum.cost_usd);
    add.exec();
    add.reset();
  }
}

StoredIo store_whole_io(const trace::SpanRecord& s, std::size_t cap) {
  StoredIo io;
  io.input = cap_text(s.input, cap);
  io.input_size = static_cast<std::int64_t>(s.input.size());
  io.output = cap_text(s.output, cap);
  io.output_size = static_cast<std::int64_t>(s.output.size());
  return io;
}

// Stores one part of a span's input, or marks it used again; false when its id holds another part.
bool write_part(SQLite::Statement& insert, const IoPart& p, std::int64_t start_ms) {
  insert.bind(1, p.id);
  insert.bind(2, p.prev);
  insert.bindNoCopy(3, p.body);
  insert.bind(4, p.size);
  insert.bind(5, start_ms);
  const int changed = insert.exec();
  insert.reset();
  return changed > 0;
}

core::Error unknown_run(const std::string& path, std::string_view run_id, std::string_view doing) {
  return {
      errc::unknown_run, path,
      std::string(doing) + ": there is no run '" + std::string(run_id) + "' in this store (begin_run first)"};
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

const std::string& SqliteStore::path() const {
  return impl_->path;
}
std::string SqliteStore::location() const {
  return impl_->path;
}

core::Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path,
                                                             SqliteStoreOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->io_cap = options.io_cap;
  impl->split_io = options.split_io;
  try {
    impl->db.emplace(connect(path, options));
    make_wal(*impl->db, path);
  } catch (const SQLite::Exception& e) {
    return std::unexpected(translate(e, path, "opening the trace store"));
  }
  if (auto migrated = migrate(*impl->db, path); !migrated)
    return std::unexpected(std::move(migrated.error()));
  try {
    impl->writer.emplace(connect(path, options));
    impl->writer->exec("PRAGMA cache_size=-16000");  // 16 MiB: spans go to random places of a growing b-tree
    impl->insert_span.emplace(*impl->writer, kInsertSpan);
    impl->insert_trace.emplace(*impl->writer, kInsertTrace);
    impl->insert_io.emplace(*impl->writer, kInsertIo);
    impl->insert_part.emplace(*impl->writer, kInsertPart);
    impl->add_rollup.emplace(*impl->writer, kAddRollup);
  } catch (const SQLite::Exception& e) {
    return std::unexpected(translate(e, path, "preparing the span writer"));
  }
  impl->trace_hex.assign(32, '0');
  impl->span_hex.assign(16, '0');
  impl->parent_hex.assign(16, '0');
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
}

core::Result<void> SqliteStore::write_batch(std::span<const trace::SpanRecord> spans) {
  if (spans.empty()) return {};
  Impl& m = *impl_;
  std::lock_guard lock(m.write_mutex);
  SQLite::Statement& span = *m.insert_span;
  SQLite::Statement& trace = *m.insert_trace;
  SQLite::Statement& io = *m.insert_io;
  SQLite::Statement& part = *m.insert_part;
  SQLite::Statement& rollup = *m.add_rollup;
  try {
    SQLite::Transaction tx(*m.writer, SQLite::TransactionBehavior::IMMEDIATE);
    for (const trace::SpanRecord& s : spans) {
      put_hex(m.trace_hex, 0, s.trace_id.hi);
      put_hex(m.trace_hex, 16, s.trace_id.lo);
      put_hex(m.span_hex, 0, s.span_id.value);
      const char* status = trace::to_string(s.status);

      span.bindNoCopy(1, m.trace_hex);
      span.bindNoCopy(2, m.span_hex);
      if (s.parent_id.valid()) {
        put_hex(m.parent_hex, 0, s.parent_id.value);
        span.bindNoCopy(3, m.parent_hex);
      } else {
        span.bind(3);
      }
      span.bindNoCopy(4, s.name);
      span.bind(5, s.start_ms);
      span.bind(6, s.duration_us);
      span.bindNoCopy(7, status);
      bind_text_or_null(span, 8, s.error);
      bind_text_or_null(span, 9, s.model);
      span.bind(10, s.input_tokens);
      span.bind(11, s.output_tokens);
      span.bind(12, s.cost_usd);
      span.bind(13, s.start_us != 0 ? s.start_us : s.start_ms * 1000);
      bind_text_or_null(span, 14, s.provider);
      span.exec();
      span.reset();

      if (s.is_root()) {
        const trace::TraceAttributes& a = s.trace;
        trace.bindNoCopy(1, m.trace_hex);
        bind_text_or_null(trace, 2, a.run_id);
        trace.bindNoCopy(3, a.pipeline);
        bind_text_or_null(trace, 4, a.scenario);
        trace.bind(5, a.turn);
        bind_text_or_null(trace, 6, a.user_id);
        bind_text_or_null(trace, 7, a.chat_id);
        trace.bind(8, s.start_ms);
        trace.bind(9, s.duration_us);
        trace.bindNoCopy(10, status);
        bind_text_or_null(trace, 11, s.error);
        trace.bind(12, trace::to_string(s.io_kept));
        trace.exec();
        trace.reset();
      }

      if (!s.input.empty() || !s.output.empty()) {
        StoredIo stored = m.split_io ? store_io(s.input, s.output, m.io_cap) : store_whole_io(s, m.io_cap);
        put_parts(stored.parts, [&](const IoPart& p) { return write_part(part, p, s.start_ms); });
        const std::string parts = part_list(stored.parts);
        io.bindNoCopy(1, m.trace_hex);
        io.bindNoCopy(2, m.span_hex);
        bind_text_or_null(io, 3, stored.input);
        bind_text_or_null(io, 4, stored.output);
        bind_text_or_null(io, 5, parts);
        io.bind(6, stored.input_size);
        io.bind(7, stored.output_size);
        io.exec();
        io.reset();
      }
    }
    add_rollup(rollup, spans);
    tx.commit();
  } catch (const SQLite::Exception& e) {
    // The transaction has rolled back (Transaction's destructor): nothing of the batch is in the file.
    for (SQLite::Statement* st : {&span, &trace, &io, &part, &rollup}) release(*st);
    return std::unexpected(
        translate(e, m.path, "writing a batch of " + std::to_string(spans.size()) + " spans"));
  }
  for (SQLite::Statement* st : {&span, &trace, &io, &part, &rollup}) release(*st);
  return {};
}

core::Result<void> SqliteStore::begin_run(const query::RunRow& run) {
  return impl_->with_db("starting run " + run.run_id, [&](SQLite::Database& db) -> core::Result<void> {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(
        db,
        "INSERT INTO runs (run_id, mode, status, started_ms, ended_ms, scenarios, passed, failed, "
        "dropped_spans, note, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, run.run_id);
    q.bind(2, run.mode);
    q.bind(3, run.status);
    q.bind(4, run.started_ms);
    q.bind(5, run.ended_ms);
    q.bind(6, run.scenarios);
    q.bind(7, run.passed);
    q.bind(8, run.failed);
    q.bind(9, static_cast<std::int64_t>(run.dropped_spans));
    q.bind(10, run.note);
    q.bind(11, run.owner);
    q.exec();
    tx.commit();
    return {};
  });
}

core::Result<void> SqliteStore::record_scenario(std::string_view run_id, const query::ScenarioRow& scenario,
                                                const std::vector<query::CheckRow>& checks) {
  const std::string doing = "recording scenario " + scenario.scenario + " of run " + std::string(run_id);
  return impl_->with_db(doing, [&](SQLite::Database& db) -> core::Result<void> {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement exists(db, "SELECT 1 FROM runs WHERE run_id = ?");
    exists.bind(1, std::string(run_id));
    if (!exists.executeStep()) return std::unexpected(unknown_run(impl_->path, run_id, doing));

    SQLite::Statement s(db,
                        "INSERT INTO scenario_results (run_id, scenario, file, status, turns, duration_us, "
                        "error, repetition) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, std::string(run_id));
    s.bind(2, scenario.scenario);
    s.bind(3, scenario.file);
    s.bind(4, scenario.status);
    s.bind(5, scenario.turns);
    s.bind(6, scenario.duration_us);
    s.bind(7, scenario.error);
    s.bind(8, scenario.repetition);
    s.exec();

    SQLite::Statement c(db,
                        "INSERT INTO check_results (run_id, scenario, turn, check_name, status, detail, "
                        "repetition) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const query::CheckRow& check : checks) {
      c.bind(1, std::string(run_id));
      c.bind(2, scenario.scenario);  // the checks belong to this scenario, whatever their rows say
      c.bind(3, check.turn);
      c.bind(4, check.check);
      c.bind(5, check.status);
      c.bind(6, check.detail);
      c.bind(7, scenario.repetition);  // likewise its repetition
      c.exec();
      c.reset();
    }
    tx.commit();
    return {};
  });
}

core::Result<void> SqliteStore::record_estimate(std::string_view run_id,
                                                const std::vector<query::EstimateRow>& rows) {
  const std::string doing = "recording the cost estimate of run " + std::string(run_id);
  return impl_->with_db(doing, [&](SQLite::Database& db) -> core::Result<void> {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement exists(db, "SELECT 1 FROM runs WHERE run_id = ?");
    exists.bind(1, std::string(run_id));
    if (!exists.executeStep()) return std::unexpected(unknown_run(impl_->path, run_id, doing));
    SQLite::Statement q(
        db,
        "INSERT INTO run_estimates (run_id, scenario, role, planned_calls, planned_input_tokens, "
        "planned_output_tokens, expected_usd, worst_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const query::EstimateRow& row : rows) {
      q.bind(1, std::string(run_id));
      q.bind(2, row.scenario);
      q.bind(3, row.role);
      q.bind(4, row.planned_calls);
      q.bind(5, row.planned_input_tokens);
      q.bind(6, row.planned_output_tokens);
      q.bind(7, row.expected_usd);
      q.bind(8, row.worst_usd);
      q.exec();
      q.reset();
    }
    tx.commit();
    return {};
  });
}

core::Result<void> SqliteStore::finish_run(const query::RunRow& run) {
  const std::string doing = "finishing run " + run.run_id;
  return impl_->with_db(doing, [&](SQLite::Database& db) -> core::Result<void> {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(db,
                        "UPDATE runs SET status = ?, ended_ms = ?, scenarios = ?, passed = ?, failed = ?, "
                        "dropped_spans = ?, note = ? WHERE run_id = ?");
    q.bind(1, run.status);
    q.bind(2, run.ended_ms);
    q.bind(3, run.scenarios);
    q.bind(4, run.passed);
    q.bind(5, run.failed);
    q.bind(6, static_cast<std::int64_t>(run.dropped_spans));
    q.bind(7, run.note);
    q.bind(8, run.run_id);
    if (q.exec() == 0) return std::unexpected(unknown_run(impl_->path, run.run_id, doing));
    tx.commit();
    return {};
  });
}

core::Result<std::vector<std::string>> SqliteStore::mark_abandoned_runs(
    const std::function<bool(const std::string& owner)>& alive) {
  return impl_->with_db(
      "marking abandoned runs", [&](SQLite::Database& db) -> core::Result<std::vector<std::string>> {
        std::vector<std::pair<std::string, std::string>> running;  // run id, owner
        {
          SQLite::Statement q(db, "SELECT run_id, owner FROM runs WHERE status = 'running' AND owner <> ''");
          while (q.executeStep())
            running.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
        }
        std::vector<std::string> marked;
        for (const auto& [run_id, owner] : running) {
          if (alive(owner)) continue;
          SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
          SQLite::Statement q(
              db,
              "UPDATE runs SET status = 'abandoned', "
              "ended_ms = max(started_ms, coalesce((SELECT max(start_ms + duration_us / 1000) FROM traces "
              "WHERE traces.run_id = runs.run_id), 0)), "
              "note = note || CASE WHEN note = '' THEN '' ELSE '; ' END || ? "
              "WHERE run_id = ? AND status = 'running'");
          q.bind(1, "abandoned: its process (" + owner +
                        ") ended without finishing the run (killed, crashed, or the machine stopped); traces "
                        "it had not written yet are missing");
          q.bind(2, run_id);
          if (q.exec() > 0) marked.push_back(run_id);
          tx.commit();
        }
        return marked;
      });
}

}  // namespace dq::store
