#pragma once
// The store's schema, as an ordered list of migrations. Version N is reached by running migrations 1..N in
// order; a store records its version in `schema_version` (one row). A new version appends a migration and
// bumps kCurrentSchemaVersion; migrations already shipped are never edited.
//
// Opening a store whose version is newer than this build knows is `store.schema_too_new` (an older
// dealquest must not write into a schema it does not understand).

#include <span>
#include <string>

#include "bot/core/error.hpp"

namespace SQLite {
class Database;
}

namespace dq::store {

inline constexpr int kCurrentSchemaVersion = 11;

struct Migration {
  int version;      // the version the store has after it ran
  const char* sql;  // one or more statements
};

// Every migration, in order: versions 1..kCurrentSchemaVersion.
std::span<const Migration> migrations();

// The version recorded in `db`; 0 for a database without a schema_version table (a new file).
// Throws SQLite::Exception (callers translate).
int read_schema_version(SQLite::Database& db);

// Brings `db` to kCurrentSchemaVersion, all pending migrations in one BEGIN IMMEDIATE transaction. A store
// that is already current is only read (no write lock taken), so opening never waits on a busy writer.
// `path` is for messages. Errors: store.schema_too_new, store.open (an SQLite file that is not a dealquest
// store), and translated SQLite errors.
core::Result<void> migrate(SQLite::Database& db, const std::string& path);

}  // namespace dq::store
