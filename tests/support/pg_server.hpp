#pragma once
// A throwaway PostgreSQL server for tests: Debian's initdb and pg_ctl (/usr/lib/postgresql/15/bin) on a temp
// dir, listening on a free 127.0.0.1 port, with fsync and synchronous commit off (tests only: it claims no
// durability). As root (CI), the programs run as the `postgres` user (`runuser -u postgres --`), since initdb
// and pg_ctl refuse root; the temp dir is given to that user. The destructor stops the server
// (`pg_ctl -m immediate stop`) and removes the dir, also when the test failed.
//
// One server per test binary is enough (shared_pg_server below); each test takes a fresh database from it.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

namespace dq::testing {

class PgServer {
 public:
  // Starts a server; nullptr with `why` set when the PostgreSQL programs are missing (the message the test
  // prints), and throws std::runtime_error when they are there but the server does not start.
  static std::unique_ptr<PgServer> start(std::string& why);
  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  int port() const { return port_; }
  const std::string& user() const { return user_; }
  // Creates database `name` and returns its URI, postgresql://USER@127.0.0.1:PORT/NAME.
  std::string create_database(const std::string& name);
  // A new, empty database ("t1", "t2", …) for one test, and its URI.
  std::string fresh_database() { return create_database("t" + std::to_string(++databases_)); }
  // A URI for a database that is not created (for tests of the open path).
  std::string uri(const std::string& database) const;

  // Stops the server (fast shutdown: connections are cut) and starts it again on the same port and data.
  void stop();
  void restart();

 private:
  PgServer() = default;
  void run_pg_ctl(const std::string& action);

  std::string dir_;  // the temp dir: data/, the socket, the log
  std::string user_ = "dq";
  int port_ = 0;
  bool running_ = false;
  int databases_ = 0;
};

// The message a test prints when the PostgreSQL programs are missing.
inline constexpr const char* kPgMissing = "postgresql not found: apt-get install postgresql";

// The test binary's one server, started on first use and stopped when the binary exits; nullptr when the
// programs are missing. A server that is there but does not start throws (the test fails with why).
PgServer* shared_pg_server();

// In a test body (it returns): fails with `[test.tool_missing] …` when CI is set and the programs are
// missing, skips with the same message otherwise.
#define DQ_REQUIRE_PG(server_ptr)                                                                            \
  do {                                                                                                       \
    if ((server_ptr) == nullptr) {                                                                           \
      const char* dq_ci = std::getenv("CI");                                                                 \
      if (dq_ci != nullptr && *dq_ci != '\0') FAIL() << "[test.tool_missing] " << ::dq::testing::kPgMissing; \
      GTEST_SKIP() << "[test.tool_missing] " << ::dq::testing::kPgMissing;                                   \
    }                                                                                                        \
  } while (0)

}  // namespace dq::testing
