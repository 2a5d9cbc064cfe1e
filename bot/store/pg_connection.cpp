#include "bot/store/pg_connection.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "bot/store/store_errors.hpp"

namespace dq::store::pg {
namespace {

// libpq's messages end in a newline (sometimes two lines); one line reads better after "[code] where: ".
std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text)
    if (c == '\n') c = ' ';
  return text;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

Location parse_location(const std::string& uri) {
  Location l;
  l.uri = uri;
  const std::size_t scheme_end = uri.find("://");
  if (scheme_end == std::string::npos) {
    l.shown = uri;
    return l;
  }
  const std::string scheme = uri.substr(0, scheme_end + 3);
  std::string rest = uri.substr(scheme_end + 3);
  std::string query;
  if (const std::size_t q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest.resize(q);
  }
  if (const std::size_t at = rest.rfind('@'); at != std::string::npos) {
    std::string user = rest.substr(0, at);
    if (const std::size_t colon = user.find(':'); colon != std::string::npos) {
      l.password = user.substr(colon + 1);
      user.resize(colon);
    }
    rest = user + "@" + rest.substr(at + 1);
  }
  // A password may also come as a query parameter (…?password=…).
  for (std::size_t from = 0; from <= query.size();) {
    std::size_t amp = query.find('&', from);
    if (amp == std::string::npos) amp = query.size();
    const std::string_view kv = std::string_view(query).substr(from, amp - from);
    if (starts_with(kv, "password=")) l.password = std::string(kv.substr(9));
    from = amp + 1;
  }
  l.shown = scheme + rest;
  return l;
}

std::string scrub(std::string text, const Location& where) {
  if (where.password.empty()) return text;
  for (std::size_t at = text.find(where.password); at != std::string::npos;
       at = text.find(where.password, at + 3))
    text.replace(at, where.password.size(), "***");
  return text;
}

Param p(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return std::string(buf);
}

std::string Rows::text(int row, int col) const {
  return null(row, col) ? std::string() : std::string(PQgetvalue(r_.get(), row, col));
}

std::int64_t Rows::i64(int row, int col) const {
  if (null(row, col)) return 0;
  const char* v = PQgetvalue(r_.get(), row, col);
  std::int64_t out = 0;
  std::from_chars(v, v + std::char_traits<char>::length(v), out);
  return out;
}

double Rows::f64(int row, int col) const {
  return null(row, col) ? 0.0 : std::strtod(PQgetvalue(r_.get(), row, col), nullptr);
}

std::int64_t Rows::affected() const {
  const char* n = PQcmdTuples(r_.get());
  return n == nullptr || *n == '\0' ? 0 : std::strtoll(n, nullptr, 10);
}

core::Error unreachable(const Location& where, std::string_view doing, std::string_view libpq_message) {
  return {errc::unreachable, where.shown,
          std::string(doing) + ": cannot reach the PostgreSQL server (" +
              scrub(one_line(std::string(libpq_message)), where) +
              "); is the server running and listening there? Check the host and port in --store (or "
              "DEALQUEST_STORE), or start the server"};
}

core::Result<Connection> Connection::open(const Location& where) {
  // A host that never answers must not hang a start: 5 s unless the URI says otherwise (the URI's own
  // parameters come later in the list, so they win). JIT off: it compiles the report's joins over many
  // partitions for ~100 ms each, to run queries that take a few ms without it.
  const char* const keywords[] = {"connect_timeout", "options", "dbname", nullptr};
  const char* const values[] = {"5", "-c jit=off", where.uri.c_str(), nullptr};
  PGconn* raw = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  Connection c(raw, where);
  if (raw == nullptr) return std::unexpected(unreachable(where, "connecting", "out of memory"));
  if (PQstatus(raw) == CONNECTION_OK) {
    PQsetNoticeProcessor(
        raw, [](void*, const char*) {}, nullptr);  // NOTICEs (IF NOT EXISTS …) are noise
    return c;
  }
  const std::string message = PQerrorMessage(raw);
  // Refused by a server that is there: authentication, a missing database or role.
  if (message.find("authentication") != std::string::npos ||
      message.find("does not exist") != std::string::npos || message.find("password") != std::string::npos ||
      message.find("permission") != std::string::npos)
    return core::fail(errc::open, where.shown,
                      "the PostgreSQL server refused the connection (" + scrub(one_line(message), where) +
                          "); check the user, password and database name in --store, and that the database "
                          "exists (createdb)");
  return std::unexpected(unreachable(where, "connecting", message));
}

bool Connection::alive() const {
  return PQstatus(conn_.get()) == CONNECTION_OK;
}

bool Connection::reconnect() {
  PQreset(conn_.get());
  return alive();
}

core::Error Connection::error(std::string_view doing, const PGresult* r) const {
  const std::string message =
      scrub(one_line(r != nullptr && *PQresultErrorMessage(r) ? PQresultErrorMessage(r)
                                                              : PQerrorMessage(conn_.get())),
            *where_);
  const char* state = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view sqlstate = state != nullptr ? state : "";
  last_sqlstate_ = sqlstate;
  if (!alive() || starts_with(sqlstate, "08") || starts_with(sqlstate, "57P"))
    return unreachable(*where_, doing, message);
  const std::string what = std::string(doing) + ": " + message;
  if (starts_with(sqlstate, "23"))
    return {errc::constraint, where_->shown, what + " (nothing of that write was stored)"};
  if (sqlstate == "53100")
    return {errc::full, where_->shown,
            what + "; free space on the database server's disk, or prune the store"};
  if (sqlstate == "25006")
    return {errc::readonly, where_->shown,
            what + "; point --store at a primary server, not a read-only standby"};
  if (sqlstate == "55P03" || sqlstate == "40P01" || sqlstate == "40001")
    return {errc::locked, where_->shown, what + "; another session held a lock too long: try again"};
  return {errc::io, where_->shown,
          what + " (SQLSTATE " + std::string(sqlstate.empty() ? "none" : sqlstate) +
              "); check the server's log, then try again"};
}

core::Result<Rows> Connection::exec(std::string_view doing, const std::string& sql, const Params& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& v : params) values.push_back(v ? v->c_str() : nullptr);
  PGresult* raw = params.empty() ? PQexec(conn_.get(), sql.c_str())
                                 : PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()),
                                                nullptr, values.data(), nullptr, nullptr, 0);
  Rows rows(raw);
  const ExecStatusType status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return rows;
  return std::unexpected(error(doing, raw));
}

core::Result<void> Connection::copy_in(std::string_view doing, const std::string& copy_sql,
                                       const std::string& data) {
  {
    Rows start(PQexec(conn_.get(), copy_sql.c_str()));
    if (PQresultStatus(start.raw()) != PGRES_COPY_IN) return std::unexpected(error(doing, start.raw()));
  }
  if (PQputCopyData(conn_.get(), data.data(), static_cast<int>(data.size())) != 1 ||
      PQputCopyEnd(conn_.get(), nullptr) != 1)
    return std::unexpected(error(doing, nullptr));
  core::Result<void> out;
  while (PGresult* raw = PQgetResult(conn_.get())) {  // the COPY's result, then nullptr
    Rows end(raw);
    if (out && PQresultStatus(raw) != PGRES_COMMAND_OK) out = std::unexpected(error(doing, raw));
  }
  return out;
}

void copy_field(std::string& line, std::string_view value) {
  for (const char c : value) {
    switch (c) {
      case '\\':
        line += "\\\\";
        break;
      case '\t':
        line += "\\t";
        break;
      case '\n':
        line += "\\n";
        break;
      case '\r':
        line += "\\r";
        break;
      default:
        line += c;
    }
  }
}

}  // namespace dq::store::pg
