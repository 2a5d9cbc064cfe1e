#pragma once
// Internal to dq_store_pg: what PgStore hides behind its pimpl, shared by pg_store.cpp (open, the writer),
// pg_runs.cpp, pg_store_reads.cpp, pg_prune.cpp and pg_schema.cpp (schema and partitions).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bot/store/pg_connection.hpp"
#include "bot/store/pg_store.hpp"
#include "bot/store/store_errors.hpp"
#include "bot/store/trace_pages.hpp"

namespace dq::store {

struct PgStore::Impl {
  pg::Location where;
  PgStoreOptions options;

  // Runs, results, every read, prune: one connection under one mutex.
  std::mutex mutex;
  std::optional<pg::Connection> db;

  // The writer thread's connection, and the days whose partitions it knows exist.
  std::mutex write_mutex;
  std::optional<pg::Connection> writer;
  std::set<std::int64_t> days;

  // Runs `f(db)` under the mutex. A connection the server dropped (a restart) shows only when it is used:
  // then it is reconnected and `f` runs once more; a server still away is store.unreachable.
  template <class F>
  auto with_db(F&& f) -> decltype(f(*db)) {
    std::lock_guard lock(mutex);
    if (!db->alive()) db->reconnect();
    auto out = f(*db);
    if (!out && !db->alive() && db->reconnect()) out = f(*db);
    return out;
  }
};

namespace pg {

inline constexpr std::int64_t kDayMs = kTraceDayMs;
// How long after its trace's root ended a span may still start and be read with its run (runs' windows,
// traces_to_ms): the root ends last, so this is only a margin for work a trace hands off.
inline constexpr std::int64_t kLateSpanMs = 3600 * 1000;
inline std::int64_t day_of(std::int64_t ms) {
  return ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs;
}
// The partitioned tables, in the order a day's partitions are made and dropped, the writer's transaction
// writes them and every query names them (traces t JOIN spans s JOIN span_io io): all take their locks in
// this order, so none waits for another in a cycle.
inline constexpr const char* kPartitioned[] = {"traces", "spans", "span_io"};
// "<table>_dYYYYMMDD"
std::string partition_name(std::string_view table, std::int64_t day);
// The day of a partition's name; nullopt for a name that is not one of ours.
std::optional<std::int64_t> day_of_partition(std::string_view table, std::string_view name);

// Creates (or migrates) the schema; store.schema_too_new for a newer one, store.open for a database that has
// tables but is not a trace store.
core::Result<void> migrate(Connection& db);
// The days for which all three tables have a partition.
core::Result<std::set<std::int64_t>> partition_days(Connection& db, std::string_view table);
// Creates the partitions of `days` that are missing (under an advisory lock, so two processes do not race).
core::Result<void> create_partitions(Connection& db, const std::vector<std::int64_t>& days);

// BEGIN; f(); COMMIT — or ROLLBACK and f's (or COMMIT's) error.
template <class F>
auto in_transaction(Connection& db, std::string_view doing, F&& f) -> decltype(f()) {
  if (auto begun = db.exec(doing, "BEGIN"); !begun) return std::unexpected(std::move(begun.error()));
  auto out = f();
  if (!out) {
    (void)db.exec(doing, "ROLLBACK");
    return out;
  }
  if (auto done = db.exec(doing, "COMMIT"); !done) return std::unexpected(std::move(done.error()));
  return out;
}

// Making or dropping a day's partition locks its parent table ACCESS EXCLUSIVE. Waiting for that behind a
// long query would stall every reader and the writer queued behind the wait, and a session that locks the
// tables in another order than kPartitioned's (an operator's own query, say) would deadlock with it. So `f`
// runs in a transaction that gives up a lock it cannot have within 100 ms, and is run again
// after a pause, for up to about 5 s; then the error is store.locked.
template <class F>
auto ddl_transaction(Connection& db, std::string_view doing, F&& f) -> decltype(f()) {
  auto pause = std::chrono::milliseconds(20);
  std::chrono::milliseconds waited{0};
  for (;;) {
    auto out = in_transaction(db, doing, [&]() -> decltype(f()) {
      if (auto set = db.exec(doing, "SET LOCAL lock_timeout = '100ms'"); !set)
        return std::unexpected(std::move(set.error()));
      return f();
    });
    if (out || !out.error().is(errc::locked) || waited >= std::chrono::seconds(5)) return out;
    std::this_thread::sleep_for(pause);
    waited += pause;
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
  }
}

}  // namespace pg
}  // namespace dq::store
