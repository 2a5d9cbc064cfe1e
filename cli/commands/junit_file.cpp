#include "cli/commands/junit_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "cli/commands/atomic_file.hpp"
#include "cli/commands/cli_errors.hpp"

namespace dq::cli {
namespace {

core::Result<void> io_error(const std::string& path, const std::string& what, int err) {
  return core::fail(errc::junit_write, path, what + ": " + std::strerror(err));
}

std::string this_host() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

}  // namespace

core::Result<void> check_junit_target(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return core::fail(errc::junit_write, path, "is a directory; --junit wants a file name");
  // The same kind of file the write makes (a temp beside FILE), created and removed at once.
  const std::string probe = path + ".check." + std::to_string(::getpid());
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    return io_error(path, "cannot create the JUnit file (checked before the run: nothing was run)", errno);
  ::close(fd);
  ::unlink(probe.c_str());
  return {};
}

core::Result<void> write_junit_file(const std::string& path, const harness::RunOutcome& outcome,
                                    render::JunitRun run) {
  if (run.hostname.empty()) run.hostname = this_host();
  const std::string xml = render::junit_xml(outcome, run);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return core::fail(errc::junit_write, path, "is a directory; --junit wants a file name");
  return write_file_atomically(path, xml, errc::junit_write, "the JUnit file");
}

}  // namespace dq::cli
