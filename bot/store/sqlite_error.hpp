#pragma once
// Internal to dq_store: SQLiteCpp exceptions become store errors with stable codes, and a message that says
// what the store was doing and what to do about it.
//
//   store.locked      SQLITE_BUSY / SQLITE_LOCKED after the busy timeout
//   store.corrupt     not an SQLite file, or a damaged one
//   store.open        cannot open / create / write the file (missing directory, permissions, read-only)
//   store.constraint  a write broke a key or check (duplicate span or run id); nothing of it was stored
//   store.io          everything else (disk full, I/O error, ...)

#include <string>
#include <string_view>

#include "bot/core/error.hpp"

namespace SQLite {
class Exception;
}

namespace dq::store {

// `path` becomes Error::where; `doing` starts the message ("writing 2000 spans").
core::Error translate(const SQLite::Exception& e, const std::string& path, std::string_view doing);

}  // namespace dq::store
