#include "bot/cassette/file_system.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <utility>

#include "bot/cassette/cassette_errors.hpp"

namespace dq::cassette {
namespace {

core::Error io_error(const std::string& path, const std::string& what, int err) {
  return {errc::io, path, what + ": " + std::strerror(err)};
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

}  // namespace

core::Result<std::string> RealFileSystem::read(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return core::fail(errc::not_found, path, "no recording here");
    return std::unexpected(io_error(path, "cannot open", errno));
  }
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(io_error(path, "cannot read", errno));
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

core::Result<void> RealFileSystem::write_synced(const std::string& path, std::string_view data) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) return std::unexpected(io_error(path, "cannot create", errno));
  while (!data.empty()) {
    const ssize_t n = ::write(fd.get(), data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(io_error(path, "cannot write", errno));
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::fsync(fd.get()) != 0) return std::unexpected(io_error(path, "cannot sync", errno));
  if (::close(fd.release()) != 0) return std::unexpected(io_error(path, "cannot close", errno));
  return {};
}

core::Result<void> RealFileSystem::replace(const std::string& from, const std::string& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0)
    return std::unexpected(io_error(to, "cannot rename into place", errno));
  // The rename is durable once the directory entry is: sync the directory too (best effort).
  std::string dir = std::filesystem::path(to).parent_path().string();
  Fd dfd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dfd.get() >= 0) ::fsync(dfd.get());
  return {};
}

void RealFileSystem::remove(const std::string& path) {
  ::unlink(path.c_str());
}

core::Result<void> RealFileSystem::create_directories(const std::string& dir) {
  if (dir.empty()) return {};
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return core::fail(errc::io, dir, "cannot create the directory: " + ec.message());
  return {};
}

RealFileSystem& RealFileSystem::instance() {
  static RealFileSystem fs;
  return fs;
}

}  // namespace dq::cassette
