#pragma once
// The disk operations a cassette needs, behind an interface so tests can fail any one of them (the atomic
// save is tested by failing each step in turn). RealFileSystem is the POSIX implementation.

#include <string>
#include <string_view>

#include "bot/core/error.hpp"

namespace dq::cassette {

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // The whole file; `cassette.not_found` when it does not exist, `cassette.io` when it cannot be read.
  virtual core::Result<std::string> read(const std::string& path) = 0;
  // Creates (or truncates) `path`, writes `data`, fsyncs and closes it. On failure the file may exist
  // partially written: the caller removes it.
  virtual core::Result<void> write_synced(const std::string& path, std::string_view data) = 0;
  // Atomically replaces `to` by `from` (both in the same directory), then syncs the directory.
  virtual core::Result<void> replace(const std::string& from, const std::string& to) = 0;
  // Best effort: a file that is not there is not an error.
  virtual void remove(const std::string& path) = 0;
  virtual core::Result<void> create_directories(const std::string& dir) = 0;
};

class RealFileSystem final : public FileSystem {
 public:
  core::Result<std::string> read(const std::string& path) override;
  core::Result<void> write_synced(const std::string& path, std::string_view data) override;
  core::Result<void> replace(const std::string& from, const std::string& to) override;
  void remove(const std::string& path) override;
  core::Result<void> create_directories(const std::string& dir) override;

  static RealFileSystem& instance();
};

}  // namespace dq::cassette
