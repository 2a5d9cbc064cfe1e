// PgStore: open, and the span writer (write_batch) on its own connection.
#include <algorithm>
#include <chrono>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "bot/store/io_layout.hpp"
#include "bot/store/pg_store_impl.hpp"
#include "bot/store/step_rollup.hpp"
#include "bot/store/store_errors.hpp"

namespace dq::store {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void field(std::string& line, std::string_view v) {
  pg::copy_field(line, v);
  line += '\t';
}
void field_or_null(std::string& line, std::string_view v) {
  if (v.empty()) {
    pg::copy_null(line);
  } else {
    pg::copy_field(line, v);
  }
  line += '\t';
}
void number(std::string& line, std::int64_t v) {
  line += std::to_string(v);
  line += '\t';
}
void end_row(std::string& line) {
  line.back() = '\n';  // the last field's tab
}

// One span's I/O as io_layout.hpp stores it; its parts get their ids in the writer's transaction.
struct SpanIo {
  std::string trace_hex, span_hex;
  std::int64_t start_ms = 0;
  StoredIo io;
};

// One batch in COPY's text format, built once and sent again on a retry (span_io's rows are built in the
// transaction, once their parts have ids).
struct CopyData {
  std::string spans, traces;
  std::vector<SpanIo> io;
  std::vector<std::int64_t> days;  // the days the batch writes into, sorted
  std::map<std::int64_t, std::int64_t> roots_by_day;
  // What the batch adds to step_rollup: INSERT … ON CONFLICT statements (kRollupRowsPerStatement rows each).
  std::vector<std::pair<std::string, pg::Params>> rollup;
  // Per run, the span of time the batch's traces cover: [first start, last end].
  std::map<std::string, std::pair<std::int64_t, std::int64_t>, std::less<>> run_windows;
};

constexpr const char* kCopySpans =
    "COPY spans (trace_id, span_id, parent_span_id, name, start_ms, duration_us, status, error, model, "
    "input_tokens, output_tokens, cost_usd, start_us, provider) FROM STDIN";
// The window of a run's traces only widens (LEAST and GREATEST skip the NULL of a run with none yet).
constexpr const char* kWidenRunWindow =
    "UPDATE runs SET traces_from_ms = LEAST(traces_from_ms, $2::bigint), "
    "traces_to_ms = GREATEST(traces_to_ms, $3::bigint) WHERE run_id = $1";
constexpr const char* kCountTraces =
    "INSERT INTO trace_days (day, traces) VALUES ($1, $2) ON CONFLICT (day) DO UPDATE SET traces = "
    "trace_days.traces + excluded.traces";
constexpr const char* kCopyTraces =
    "COPY traces (trace_id, run_id, pipeline, scenario, turn, user_id, chat_id, start_ms, duration_us, "
    "status, error, io) FROM STDIN";

// Span I/O, in one place: the layout of span_io (what is stored per span, and how) changes here alone.
constexpr const char* kCopyIo =
    "COPY span_io (trace_id, span_id, start_ms, input, output, parts, input_size, output_size) FROM STDIN";
// As the SQLite store's: a part already there is only marked used again; another part under its id
// changes nothing (0 rows), and put_parts tries the next id.
constexpr const char* kPutPart =
    "INSERT INTO io_parts (part_id, prev_id, body, size, last_ms) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (part_id) DO UPDATE SET last_ms = GREATEST(io_parts.last_ms, excluded.last_ms) "
    "WHERE io_parts.body = excluded.body AND io_parts.prev_id = excluded.prev_id";

// Stores the parts of the batch's I/O (each distinct part once, marked used by its newest span) and returns
// span_io's rows. Parts take the ids put_parts gives them first; when one of those holds another part (a
// hash clash: rare), every part is put again one at a time, trying the next ids.
core::Result<std::string> put_io(pg::Connection& w, std::vector<SpanIo>& io, const std::string& doing) {
  struct Newest {
    const IoPart* part;
    std::int64_t last_ms;
  };
  std::map<std::int64_t, Newest> distinct;
  bool clash = false;
  for (SpanIo& s : io) {
    put_parts(s.io.parts, [](const IoPart&) { return true; });
    for (const IoPart& part : s.io.parts) {
      auto [it, added] = distinct.try_emplace(part.id, Newest{&part, s.start_ms});
      it->second.last_ms = std::max(it->second.last_ms, s.start_ms);
      clash = clash || it->second.part->body != part.body || it->second.part->prev != part.prev;
    }
  }
  auto put = [&](const IoPart& part, std::int64_t last_ms) -> core::Result<bool> {
    auto r = w.exec(doing, kPutPart,
                    {pg::p(part.id), pg::p(part.prev), pg::p(part.body), pg::p(part.size), pg::p(last_ms)});
    if (!r) return std::unexpected(std::move(r.error()));
    return r->affected() > 0;
  };
  for (const auto& [id, newest] : distinct) {
    auto ok = put(*newest.part, newest.last_ms);
    if (!ok) return std::unexpected(std::move(ok.error()));
    clash = clash || !*ok;
  }
  if (clash) {
    for (SpanIo& s : io) {
      std::optional<core::Error> failed;
      put_parts(s.io.parts, [&](const IoPart& part) {
        if (failed) return true;
        auto ok = put(part, s.start_ms);
        if (!ok) failed = ok.error();
        return !ok || *ok;
      });
      if (failed) return std::unexpected(std::move(*failed));
    }
  }
  std::string rows;
  for (const SpanIo& s : io) {
    field(rows, s.trace_hex);
    field(rows, s.span_hex);
    number(rows, s.start_ms);
    field_or_null(rows, s.io.input);
    field_or_null(rows, s.io.output);
    field_or_null(rows, part_list(s.io.parts));
    number(rows, s.io.input_size);
    number(rows, s.io.output_size);
    end_row(rows);
  }
  return rows;
}

// A statement takes at most 65,535 parameters, 8 a rollup row.
constexpr int kRollupRowsPerStatement = 1000;

// step_rollup's additions (rows in key order, so two writers lock them in the same order).
void add_rollup(CopyData& d, std::span<const trace::SpanRecord> spans) {
  int n = 0;
  for (const auto& [key, sum] : rollup_of(spans)) {
    if (n % kRollupRowsPerStatement == 0)
      d.rollup.emplace_back(
          "INSERT INTO step_rollup (hour, name, bucket, spans, errors, input_tokens, output_tokens, "
          "cost_usd) "
          "VALUES ",
          pg::Params{});
    auto& [sql, params] = d.rollup.back();
    const auto& [hour, name, bucket] = key;
    sql += params.empty() ? "(" : ", (";
    for (std::size_t i = 1; i <= 8; ++i) sql += (i > 1 ? ", $" : "$") + std::to_string(params.size() + i);
    sql += ")";
    for (pg::Param v : {pg::p(hour), pg::p(name), pg::p(bucket), pg::p(sum.spans), pg::p(sum.errors),
                        pg::p(sum.input_tokens), pg::p(sum.output_tokens), pg::p(sum.cost_usd)})
      params.push_back(std::move(v));
    ++n;
  }
  for (auto& [sql, params] : d.rollup)
    sql +=
        " ON CONFLICT (hour, name, bucket) DO UPDATE SET spans = step_rollup.spans + excluded.spans, "
        "errors = step_rollup.errors + excluded.errors, "
        "input_tokens = step_rollup.input_tokens + excluded.input_tokens, "
        "output_tokens = step_rollup.output_tokens + excluded.output_tokens, "
        "cost_usd = step_rollup.cost_usd + excluded.cost_usd";
}

CopyData copy_data(std::span<const trace::SpanRecord> spans, std::size_t io_cap) {
  CopyData d;
  add_rollup(d, spans);
  for (const trace::SpanRecord& s : spans) {
    const std::string trace_hex = s.trace_id.hex();
    const std::string span_hex = s.span_id.hex();
    const char* status = trace::to_string(s.status);
    std::string& out = d.spans;
    field(out, trace_hex);
    field(out, span_hex);
    field_or_null(out, s.parent_id.valid() ? s.parent_id.hex() : std::string());
    field(out, s.name);
    number(out, s.start_ms);
    number(out, s.duration_us);
    field(out, status);
    field_or_null(out, s.error);
    field_or_null(out, s.model);
    number(out, s.input_tokens);
    number(out, s.output_tokens);
    out += *pg::p(s.cost_usd);
    out += '\t';
    number(out, s.start_us != 0 ? s.start_us : s.start_ms * 1000);
    field_or_null(out, s.provider);
    end_row(out);

    if (s.is_root()) {
      const trace::TraceAttributes& a = s.trace;
      std::string& t = d.traces;
      field(t, trace_hex);
      field_or_null(t, a.run_id);
      field(t, a.pipeline);
      field_or_null(t, a.scenario);
      number(t, a.turn);
      field_or_null(t, a.user_id);
      field_or_null(t, a.chat_id);
      number(t, s.start_ms);
      number(t, s.duration_us);
      field(t, status);
      field_or_null(t, s.error);
      field(t, trace::to_string(s.io_kept));
      end_row(t);
      ++d.roots_by_day[pg::day_of(s.start_ms)];
      if (!a.run_id.empty()) {
        const std::int64_t end = s.start_ms + s.duration_us / 1000 + 1 + pg::kLateSpanMs;
        auto [it, added] = d.run_windows.try_emplace(a.run_id, s.start_ms, end);
        it->second = {std::min(it->second.first, s.start_ms), std::max(it->second.second, end)};
      }
    }
    if (!s.input.empty() || !s.output.empty())
      d.io.push_back({trace_hex, span_hex, s.start_ms, store_io(s.input, s.output, io_cap)});
    d.days.push_back(pg::day_of(s.start_ms));
  }
  std::sort(d.days.begin(), d.days.end());
  d.days.erase(std::unique(d.days.begin(), d.days.end()), d.days.end());
  return d;
}

// The days all three tables have a partition for.
core::Result<std::set<std::int64_t>> known_days(pg::Connection& db) {
  std::optional<std::set<std::int64_t>> all;
  for (const char* table : pg::kPartitioned) {
    auto days = pg::partition_days(db, table);
    if (!days) return std::unexpected(std::move(days.error()));
    if (!all) {
      all = std::move(*days);
      continue;
    }
    std::set<std::int64_t> both;
    std::set_intersection(all->begin(), all->end(), days->begin(), days->end(),
                          std::inserter(both, both.end()));
    all = std::move(both);
  }
  return std::move(*all);
}

// One attempt at the batch: partitions first (their own short transaction), then the rows in one.
core::Result<void> write_once(PgStore::Impl& m, CopyData& d, const std::string& doing) {
  pg::Connection& w = *m.writer;
  std::vector<std::int64_t> missing;
  for (const std::int64_t day : d.days)
    if (!m.days.contains(day)) missing.push_back(day);
  if (!missing.empty()) {
    if (auto made = pg::create_partitions(w, missing); !made) return made;
    m.days.insert(missing.begin(), missing.end());
  }
  return pg::in_transaction(w, doing, [&]() -> core::Result<void> {
    // traces, spans, span_io: the order every session locks them in (pg::kPartitioned).
    if (!d.traces.empty())
      if (auto c = w.copy_in(doing, kCopyTraces, d.traces); !c) return c;
    if (auto c = w.copy_in(doing, kCopySpans, d.spans); !c) return c;
    if (!d.io.empty()) {
      auto rows = put_io(w, d.io, doing);
      if (!rows) return std::unexpected(std::move(rows.error()));
      if (auto c = w.copy_in(doing, kCopyIo, *rows); !c) return c;
    }
    for (const auto& [sql, params] : d.rollup)
      if (auto added = w.exec(doing, sql, params); !added) return std::unexpected(std::move(added.error()));
    for (const auto& [run_id, window] : d.run_windows)
      if (auto widened =
              w.exec(doing, kWidenRunWindow, {pg::p(run_id), pg::p(window.first), pg::p(window.second)});
          !widened)
        return std::unexpected(std::move(widened.error()));
    for (const auto& [day, roots] : d.roots_by_day)
      if (auto counted = w.exec(doing, kCountTraces, {pg::p(day), pg::p(roots)}); !counted)
        return std::unexpected(std::move(counted.error()));
    return {};
  });
}

}  // namespace

PgStore::PgStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PgStore::~PgStore() = default;

std::string PgStore::location() const {
  return impl_->where.shown;
}

core::Result<std::unique_ptr<PgStore>> PgStore::open(const std::string& uri, PgStoreOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->where = pg::parse_location(uri);
  impl->options = options;
  auto db = pg::Connection::open(impl->where);
  if (!db) return std::unexpected(std::move(db.error()));
  impl->db.emplace(std::move(*db));
  if (auto migrated = pg::migrate(*impl->db); !migrated) return std::unexpected(std::move(migrated.error()));

  auto writer = pg::Connection::open(impl->where);
  if (!writer) return std::unexpected(std::move(writer.error()));
  impl->writer.emplace(std::move(*writer));
  // Partitions ahead of need: yesterday (late spans of a trace begun before midnight) to the day after
  // tomorrow, so the writer rarely creates one itself.
  const std::int64_t today = pg::day_of(now_ms());
  if (auto made = pg::create_partitions(*impl->writer, {today - 1, today, today + 1, today + 2}); !made)
    return std::unexpected(std::move(made.error()));
  auto days = known_days(*impl->writer);
  if (!days) return std::unexpected(std::move(days.error()));
  impl->days = std::move(*days);
  return std::unique_ptr<PgStore>(new PgStore(std::move(impl)));
}

core::Result<void> PgStore::write_batch(std::span<const trace::SpanRecord> spans) {
  if (spans.empty()) return {};
  Impl& m = *impl_;
  std::lock_guard lock(m.write_mutex);
  CopyData data = copy_data(spans, m.options.io_cap);
  const std::string doing = "writing a batch of " + std::to_string(spans.size()) + " spans";
  auto delay = std::chrono::milliseconds(50);
  std::chrono::milliseconds waited{0};
  int attempts = 0;
  bool partitions_reread = false;
  for (;;) {
    ++attempts;
    core::Result<void> written;
    if (!m.writer->alive() && !m.writer->reconnect()) {
      written =
          std::unexpected(pg::unreachable(m.where, doing, "the connection was lost and reconnecting failed"));
    } else {
      written = write_once(m, data, doing);
    }
    if (written) return written;
    // A day partition dropped behind the writer's back (a prune in another process): read them again.
    if (m.writer->last_sqlstate() == "23514" && !partitions_reread) {
      partitions_reread = true;
      auto days = known_days(*m.writer);
      if (days) m.days = std::move(*days);
      continue;
    }
    if (!written.error().is(errc::unreachable)) return written;
    if (waited + delay > m.options.retry_budget) {
      written.error().message += "; gave up after " + std::to_string(attempts) + " attempts over " +
                                 std::to_string(waited.count()) +
                                 " ms (the batch is counted as failed, not written)";
      return written;
    }
    std::this_thread::sleep_for(delay);
    waited += delay;
    delay *= 2;
  }
}

}  // namespace dq::store
