#include "tests/support/pg_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <vector>

#include "tests/support/process.hpp"

namespace dq::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";

std::string bin(const char* program) {
  return std::string(kBinDir) + "/" + program;
}

// initdb and pg_ctl refuse to run as root: there they run as `postgres`.
bool as_root() {
  return geteuid() == 0;
}

std::vector<std::string> as_server_user(std::vector<std::string> argv) {
  if (as_root()) argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
  return argv;
}

// A port nobody listens on now: bind 127.0.0.1:0 and read what the kernel chose.
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("PgServer: socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    throw std::runtime_error("PgServer: cannot bind a loopback port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

std::string describe(const ProcessResult& r) {
  return "exit " + std::to_string(r.exit_code) + ": " + r.out + r.err;
}

}  // namespace

std::unique_ptr<PgServer> PgServer::start(std::string& why) {
  if (!fs::exists(bin("initdb")) || !fs::exists(bin("pg_ctl"))) {
    why = kPgMissing;
    return nullptr;
  }
  if (as_root() && getpwnam("postgres") == nullptr) {
    why = std::string(kPgMissing) + " (no `postgres` user to run the server as)";
    return nullptr;
  }
  std::unique_ptr<PgServer> server(new PgServer());
  std::string pattern = (fs::temp_directory_path() / "dq-pg-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("PgServer: mkdtemp failed");
  server->dir_ = pattern;
  if (as_root()) {
    const passwd* pw = getpwnam("postgres");
    if (chown(server->dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0)
      throw std::runtime_error("PgServer: cannot give " + server->dir_ + " to the postgres user");
  }
  const ProcessResult init =
      run_process(as_server_user({bin("initdb"), "-D", server->dir_ + "/data", "-U", server->user_,
                                  "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"}));
  if (init.exit_code != 0) throw std::runtime_error("PgServer: initdb failed (" + describe(init) + ")");
  // Another process may take the chosen port before the server binds it: then another port, twice more.
  for (int attempt = 1;; ++attempt) {
    server->port_ = free_port();
    try {
      server->run_pg_ctl("start");
      return server;
    } catch (const std::runtime_error&) {
      if (attempt == 3) throw;
    }
  }
}

void PgServer::run_pg_ctl(const std::string& action) {
  std::vector<std::string> argv{bin("pg_ctl"), "-D", dir_ + "/data", "-w"};
  if (action == "start") {
    argv.insert(argv.end(), {"-l", dir_ + "/server.log", "-o",
                             "-p " + std::to_string(port_) + " -k " + dir_ +
                                 " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                                 "-c full_page_writes=off",
                             "start"});
  } else {
    argv.insert(argv.end(), {"-m", action, "stop"});
  }
  const ProcessResult r = run_process(as_server_user(argv));
  if (r.exit_code != 0) {
    throw std::runtime_error("PgServer: pg_ctl " + action + " failed (" + describe(r) +
                             "); server log: " + read_file(dir_ + "/server.log"));
  }
  running_ = action == "start";
}

PgServer::~PgServer() {
  if (running_) {
    try {
      run_pg_ctl("immediate");
    } catch (const std::exception&) {
      // Best effort: the dir goes anyway, and a server without its data dir exits by itself.
    }
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string PgServer::uri(const std::string& database) const {
  return "postgresql://" + user_ + "@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PgServer::create_database(const std::string& name) {
  const ProcessResult r =
      run_process({bin("createdb"), "-h", "127.0.0.1", "-p", std::to_string(port_), "-U", user_, name});
  if (r.exit_code != 0)
    throw std::runtime_error("PgServer: createdb " + name + " failed (" + describe(r) + ")");
  return uri(name);
}

void PgServer::stop() {
  run_pg_ctl("fast");
}

void PgServer::restart() {
  if (running_) stop();
  run_pg_ctl("start");
}

PgServer* shared_pg_server() {
  static std::string why;
  static std::unique_ptr<PgServer> server = PgServer::start(why);
  return server.get();
}

}  // namespace dq::testing
