#pragma once
// Internal to dq_store_pg: a small RAII layer over libpq (the C API) that PgStore's files share. Nothing
// outside bot/store/pg_*.cpp includes it, so libpq stays out of every public header.
//
// Every failure is a core::Error whose `where` is the store's location (the URI without its password) and
// whose message says what was being done; the password never appears in a message (scrub()).

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.hpp"

namespace dq::store::pg {

// What a connection string says, and how to show it.
struct Location {
  std::string uri;       // as given, password included: only ever passed to libpq
  std::string shown;     // postgresql://user@host:port/db, without password or query
  std::string password;  // to scrub from libpq's messages; empty when the URI has none
};
Location parse_location(const std::string& uri);
// `text` with every occurrence of the password replaced by "***".
std::string scrub(std::string text, const Location& where);

// A parameter: text, or SQL NULL.
using Param = std::optional<std::string>;
using Params = std::vector<Param>;
inline Param p(std::int64_t v) {
  return std::to_string(v);
}
inline Param p(std::string_view v) {
  return std::string(v);
}
inline Param p(const char* v) {
  return std::string(v);
}
Param p(double v);  // exact: 17 significant digits
// NULL for an empty string: absent values stay NULL, as in the SQLite store.
inline Param p_or_null(std::string_view v) {
  return v.empty() ? Param() : Param(std::string(v));
}

// A query's result (text format); owns the PGresult.
class Rows {
 public:
  explicit Rows(PGresult* r) : r_(r, &PQclear) {}
  int size() const { return PQntuples(r_.get()); }
  bool null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string text(int row, int col) const;  // "" for NULL
  std::int64_t i64(int row, int col) const;  // 0 for NULL
  int i32(int row, int col) const { return static_cast<int>(i64(row, col)); }
  double f64(int row, int col) const;
  std::int64_t affected() const;  // rows an INSERT/UPDATE/DELETE touched
  const PGresult* raw() const { return r_.get(); }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_;
};

class Connection {
 public:
  // Connects; store.unreachable (server down, refusing, unknown host) or store.open (refused us: auth, no
  // such database) when it cannot.
  static core::Result<Connection> open(const Location& where);
  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;

  bool alive() const;
  // Reconnects a connection the server dropped; false when the server is still away.
  bool reconnect();

  // Runs `sql` with `params` ($1, $2, …); an error says it was `doing`.
  core::Result<Rows> exec(std::string_view doing, const std::string& sql, const Params& params = {});
  // COPY … FROM STDIN with `data` in COPY's text format (copy_field / copy_null below).
  core::Result<void> copy_in(std::string_view doing, const std::string& copy_sql, const std::string& data);

  const Location& where() const { return *where_; }
  // The SQLSTATE of the last failure ("23505", …); empty when it had none (a lost connection).
  const std::string& last_sqlstate() const { return last_sqlstate_; }

 private:
  Connection(PGconn* c, const Location& where) : conn_(c, &PQfinish), where_(&where) {}
  core::Error error(std::string_view doing, const PGresult* r) const;

  std::unique_ptr<PGconn, void (*)(PGconn*)> conn_;
  const Location* where_;
  mutable std::string last_sqlstate_;
};

// COPY text format: a field with \, tab, newline and carriage return escaped; \N is NULL.
void copy_field(std::string& line, std::string_view value);
inline void copy_null(std::string& line) {
  line += "\\N";
}

// The error for a connection the server is not there for (down, restarting, refusing).
core::Error unreachable(const Location& where, std::string_view doing, std::string_view libpq_message);

}  // namespace dq::store::pg
