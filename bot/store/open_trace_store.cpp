#include "bot/store/open_trace_store.hpp"

#include "bot/store/pg_store.hpp"
#include "bot/store/sqlite_store.hpp"

namespace dq::store {

bool is_postgres_location(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

core::Result<std::unique_ptr<TraceStore>> open_trace_store(const std::string& location) {
  if (is_postgres_location(location)) {
    auto pg = PgStore::open(location);
    if (!pg) return std::unexpected(std::move(pg.error()));
    return std::unique_ptr<TraceStore>(std::move(*pg));
  }
  auto sqlite = SqliteStore::open(location);
  if (!sqlite) return std::unexpected(std::move(sqlite.error()));
  return std::unique_ptr<TraceStore>(std::move(*sqlite));
}

}  // namespace dq::store
