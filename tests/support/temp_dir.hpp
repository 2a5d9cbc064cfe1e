#pragma once
// A fresh directory under $TMPDIR for one test. Removed when the test passed; kept, with its path printed,
// when it failed, so the files can be looked at.

#include <filesystem>
#include <string>

namespace dq::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  // Writes `content` to `name` (relative to the directory) and returns the full path.
  std::filesystem::path write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

}  // namespace dq::testing
