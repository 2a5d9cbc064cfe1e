#pragma once
// The store contract tests run on every backend: TEST_P over "sqlite" (a file in a temp dir) and
// "postgresql" (a fresh database on the test binary's throwaway server, tests/support/pg_server.hpp).
// Without the PostgreSQL programs, the postgresql instances skip (fail with CI set) with
// `[test.tool_missing] postgresql not found: apt-get install postgresql`.

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "bot/store/open_trace_store.hpp"
#include "bot/store/trace_store.hpp"
#include "tests/support/pg_server.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::store::fixtures {

// The first column of the first row `sql` returns from the PostgreSQL database at `uri`, as text ("" for
// none). Throws when the query fails.
inline std::string pg_scalar(const std::string& uri, const std::string& sql) {
  std::unique_ptr<PGconn, void (*)(PGconn*)> conn(PQconnectdb(uri.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(conn.get()));
  std::unique_ptr<PGresult, void (*)(PGresult*)> r(PQexec(conn.get(), sql.c_str()), &PQclear);
  const ExecStatusType status = PQresultStatus(r.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    throw std::runtime_error(sql + ": " + PQresultErrorMessage(r.get()));
  if (status != PGRES_TUPLES_OK || PQntuples(r.get()) == 0 || PQgetisnull(r.get(), 0, 0)) return "";
  return PQgetvalue(r.get(), 0, 0);
}

class StoreBackend : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (pg()) {
      server = testing::shared_pg_server();
      DQ_REQUIRE_PG(server);
      location = server->fresh_database();
    } else {
      location = (dir / "traces.db").string();
    }
    auto opened = open_trace_store(location);
    ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
    store = std::move(*opened);
  }

  bool pg() const { return GetParam() == "postgresql"; }
  // The first column of the first row of `sql`, as text; the same SQL must read alike on both backends.
  std::string scalar(const std::string& sql) const {
    if (pg()) return pg_scalar(location, sql);
    SQLite::Database db(location, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, sql);
    if (!q.executeStep() || q.getColumn(0).isNull()) return "";
    return q.getColumn(0).getString();
  }
  std::int64_t rows(const std::string& table) const {
    return std::stoll(scalar("SELECT count(*) FROM " + table));
  }

  testing::TempDir dir;
  testing::PgServer* server = nullptr;
  std::string location;
  std::unique_ptr<TraceStore> store;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace dq::store::fixtures

// In a test file: DQ_ON_EVERY_BACKEND(SuiteName) after the TEST_Ps of a fixture derived from StoreBackend.
#define DQ_ON_EVERY_BACKEND(suite)                                                     \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::Values("sqlite", "postgresql"), \
                           ::dq::store::fixtures::backend_name)
