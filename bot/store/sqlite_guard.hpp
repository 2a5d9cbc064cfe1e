#pragma once
// Internal to the SQLite adapters: runs `f(db)` under the connection's mutex and turns an SQLiteCpp
// exception into a store error that says what was being done. Every store call goes through it.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include <mutex>
#include <string>
#include <string_view>

#include "bot/store/sqlite_error.hpp"

namespace dq::store {

template <class F>
auto guarded(std::mutex& mutex, SQLite::Database& db, const std::string& path, std::string_view doing, F&& f)
    -> decltype(f(db)) {
  std::lock_guard lock(mutex);
  try {
    return f(db);
  } catch (const SQLite::Exception& e) {
    return std::unexpected(translate(e, path, doing));
  }
}

}  // namespace dq::store
