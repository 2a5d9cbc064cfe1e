#include "bot/store/sqlite_error.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>

#include "bot/store/store_errors.hpp"

namespace dq::store {
namespace {

// Whether `path` (or, when it does not exist, its directory) cannot be written: a read-only file system
// (EROFS, which binds root too) or no permission.
bool not_writable(const std::string& path) {
  auto denied = [](const std::string& p) {
    return ::access(p.c_str(), W_OK) != 0 && (errno == EROFS || errno == EACCES);
  };
  if (::access(path.c_str(), F_OK) == 0) return denied(path);
  const auto slash = path.rfind('/');
  return denied(slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash));
}

}  // namespace

core::Error translate(const SQLite::Exception& e, const std::string& path, std::string_view doing) {
  const std::string what = std::string(doing) + ": " + e.what();
  int code = e.getErrorCode() & 0xff;
  // SQLite cannot say why it could not open a file: a read-only place is named as such.
  if ((code == SQLITE_CANTOPEN || code == SQLITE_PERM || code == SQLITE_AUTH) && not_writable(path))
    code = SQLITE_READONLY;
  switch (code) {
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
    case SQLITE_READONLY:
      return {errc::readonly, path,
              what +
                  "; the store (or the file system it is on) is read-only: point --store (or "
                  "DEALQUEST_STORE) at a writable place"};
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return {errc::open, path,
              what + "; check that the directory exists and that the file and its directory are writable"};
    case SQLITE_CONSTRAINT:
      return {errc::constraint, path, what + "; nothing of this write was stored"};
    case SQLITE_FULL:
      return {errc::full, path,
              what + "; nothing of this write was stored: free some disk space, or prune old traces"};
    default:
      return {errc::io, path,
              what + " (sqlite error " + std::to_string(e.getExtendedErrorCode()) +
                  "); check the disk and the file's permissions"};
  }
}

}  // namespace dq::store
