#include "cli/commands/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace dq::cli {
namespace {

struct Target {
  const std::string& path;
  core::ErrorCode code;
  std::string_view what;

  core::Result<void> io_error(std::string_view verb, int err) const {
    return core::fail(code, path, std::string(verb) + " " + std::string(what) + ": " + std::strerror(err));
  }
};

// Writes `temp`; errors name the file the person asked for.
core::Result<void> write_all(const std::string& temp, const Target& target, std::string_view data) {
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return target.io_error("cannot create", errno);
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      ::close(fd);
      return target.io_error("cannot write", e);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    return target.io_error("cannot write", e);
  }
  if (::close(fd) != 0) return target.io_error("cannot write", errno);
  return {};
}

}  // namespace

core::Result<void> write_file_atomically(const std::string& path, std::string_view data, core::ErrorCode code,
                                         std::string_view what) {
  const Target target{path, code, what};
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return core::fail(code, path, "is a directory; " + std::string(what) + " needs a file name");
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  if (auto written = write_all(temp, target, data); !written) {
    ::unlink(temp.c_str());
    return written;
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(temp.c_str());
    return core::fail(code, path, "cannot move " + std::string(what) + " into place: " + std::strerror(e));
  }
  return {};
}

}  // namespace dq::cli
