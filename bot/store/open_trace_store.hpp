#pragma once
// Opens the trace store a location names: a `postgresql://` or `postgres://` URI is a PostgreSQL server
// (PgStore), anything else a SQLite file (SqliteStore, created when missing). Both bring the schema to the
// current version; their errors are the store.* codes (store.unreachable for a server that is not there).

#include <memory>
#include <string>
#include <string_view>

#include "bot/core/error.hpp"
#include "bot/store/trace_store.hpp"

namespace dq::store {

// True for a location that names a PostgreSQL server rather than a file.
bool is_postgres_location(std::string_view location);

core::Result<std::unique_ptr<TraceStore>> open_trace_store(const std::string& location);

}  // namespace dq::store
