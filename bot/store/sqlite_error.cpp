#include "bot/store/sqlite_error.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include "bot/store/store_errors.hpp"

namespace dq::store {

core::Error translate(const SQLite::Exception& e, const std::string& path, std::string_view doing) {
  const std::string what = std::string(doing) + ": " + e.what();
  switch (e.getErrorCode() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {errc::locked, path,
              what +
                  "; another process (or connection) held the store's write lock for longer than the busy "
                  "timeout: try again when it is done, or use another --store"};
    case SQLITE_NOTADB:
      return {errc::corrupt, path,
              what +
                  "; this is not an SQLite database, so not a dealquest trace store: point --store at a "
                  "trace store or at a new file"};
    case SQLITE_CORRUPT:
      return {errc::corrupt, path,
              what +
                  "; the database is damaged: move the file away and start a new store (`sqlite3 FILE "
                  ".recover` may save its data)"};
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
      return {errc::open, path,
              what + "; check that the directory exists and that the file and its directory are writable"};
    case SQLITE_CONSTRAINT:
      return {errc::constraint, path, what + "; nothing of this write was stored"};
    case SQLITE_FULL:
      return {errc::io, path, what + "; free some disk space, or prune old traces"};
    default:
      return {errc::io, path,
              what + " (sqlite error " + std::to_string(e.getExtendedErrorCode()) +
                  "); check the disk and the file's permissions"};
  }
}

}  // namespace dq::store
