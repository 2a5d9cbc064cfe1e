#pragma once
// Internal to dq_store: what SqliteStore hides behind its pimpl, shared by sqlite_store.cpp (open, writes)
// and sqlite_store_reads.cpp (TraceReader).

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "bot/store/sqlite_error.hpp"
#include "bot/store/sqlite_guard.hpp"
#include "bot/store/sqlite_store.hpp"

namespace dq::store {

struct SqliteStore::Impl {
  std::string path;

  // The CLI-side connection: migrations, runs and results, every read.
  std::mutex mutex;
  std::optional<SQLite::Database> db;

  // The writer thread's connection and its prepared inserts (declared after it: destroyed first).
  std::mutex write_mutex;
  std::optional<SQLite::Database> writer;
  std::optional<SQLite::Statement> insert_span, insert_trace, insert_io, insert_part, add_rollup;
  std::size_t io_cap = 0;                       // SqliteStoreOptions::io_cap
  bool split_io = true;                         // SqliteStoreOptions::split_io
  std::string trace_hex, span_hex, parent_hex;  // reused text buffers, bound without copying

  // Runs `f(db)` under the CLI-side mutex; an SQLite exception becomes an error saying what was `doing`.
  template <class F>
  auto with_db(std::string_view doing, F&& f) -> decltype(f(*db)) {
    return guarded(mutex, *db, path, doing, std::forward<F>(f));
  }
};

// The query behind runs() (`report --runs`): one statement; tests check its plan uses indexes only.
extern const char* const kRunsSql;
// The queries behind run_traces() and export_traces_since(); tests check they use an index.
extern const char* const kRunTracesSql;
extern const char* const kExportTracesSinceSql;

// A NULL for an empty string: absent values stay NULL in the file.
inline void bind_text_or_null(SQLite::Statement& st, int index, const std::string& value) {
  if (value.empty()) {
    st.bind(index);
  } else {
    st.bindNoCopy(index, value);
  }
}

inline std::string text_of(const SQLite::Column& c) {
  return c.isNull() ? std::string() : c.getString();
}

}  // namespace dq::store
