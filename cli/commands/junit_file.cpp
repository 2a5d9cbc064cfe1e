#include "cli/commands/junit_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string_view>

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

// Writes `temp`; errors name `path`, the file the person asked for.
core::Result<void> write_all(const std::string& temp, const std::string& path, std::string_view data) {
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return io_error(path, "cannot create the JUnit file", errno);
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      ::close(fd);
      return io_error(path, "cannot write the JUnit file", e);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    return io_error(path, "cannot write the JUnit file", e);
  }
  if (::close(fd) != 0) return io_error(path, "cannot write the JUnit file", errno);
  return {};
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
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  if (auto written = write_all(temp, path, xml); !written) {
    ::unlink(temp.c_str());
    return std::unexpected(written.error());
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(temp.c_str());
    return io_error(path, "cannot move the JUnit file into place", e);
  }
  return {};
}

}  // namespace dq::cli
