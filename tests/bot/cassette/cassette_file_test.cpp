// load_cassette / save_cassette (bot/cassette/cassette_file.cpp).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "bot/cassette/cassette.hpp"
#include "tests/bot/cassette/cassette_samples.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::cassette {
namespace {

namespace fs = std::filesystem;

// The real disk, except that operation number `fail_at` (counting from 0) fails; a failing write leaves half
// the data behind, as a full disk would.
class FailingFileSystem final : public FileSystem {
 public:
  explicit FailingFileSystem(int fail_at) : fail_at_(fail_at) {}
  core::Result<std::string> read(const std::string& path) override {
    if (fails()) return core::fail("cassette.io", path, "injected read failure");
    return real_.read(path);
  }
  core::Result<void> write_synced(const std::string& path, std::string_view data) override {
    if (fails()) {
      (void)real_.write_synced(path, data.substr(0, data.size() / 2));
      return core::fail("cassette.io", path, "injected write failure");
    }
    return real_.write_synced(path, data);
  }
  core::Result<void> replace(const std::string& from, const std::string& to) override {
    if (fails()) return core::fail("cassette.io", to, "injected rename failure");
    return real_.replace(from, to);
  }
  void remove(const std::string& path) override { real_.remove(path); }
  core::Result<void> create_directories(const std::string& dir) override {
    if (fails()) return core::fail("cassette.io", dir, "injected mkdir failure");
    return real_.create_directories(dir);
  }
  int operations() const { return count_; }

 private:
  bool fails() { return count_++ == fail_at_; }
  RealFileSystem real_;
  int fail_at_;
  int count_ = 0;
};

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(CassetteFile, SavesAndLoadsBackTheSameCassetteCreatingTheDirectory) {
  testing::TempDir dir;
  const std::string path = cassette_path((dir / "recordings").string(), "salary-raise");
  EXPECT_EQ(path, (dir / "recordings/salary-raise.json").string());
  ASSERT_TRUE(save_cassette(path, test::sample_cassette(), Redactor{}).has_value());
  auto loaded = load_cassette(path);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().to_string();
  EXPECT_EQ(serialize_cassette(*loaded), serialize_cassette(test::sample_cassette()));
  EXPECT_EQ(names_in(dir / "recordings"), std::vector<std::string>{"salary-raise.json"});
}

TEST(CassetteFile, ReportsAMissingFileAsNotFound) {
  testing::TempDir dir;
  auto r = load_cassette((dir / "nothing.json").string());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "cassette.not_found");
  EXPECT_EQ(r.error().where, (dir / "nothing.json").string());
}

TEST(CassetteFile, LoadNamesTheFileOfAnInvalidCassette) {
  testing::TempDir dir;
  const auto path = dir.write("x.json", R"({"format_version": 1, "scenario": "s", "interactions": [7]})");
  auto r = load_cassette(path.string());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().to_string(),
            "[cassette.invalid] " + path.string() +
                ": interactions[0]: expected an object (fix the file, or re-record it)");
}

TEST(CassetteFile, RefusesToSaveARemainingSecretNamingThePatternAndPathButNotTheSecret) {
  testing::TempDir dir;
  const std::string path = (dir / "s.json").string();
  Cassette leaky = test::sample_cassette();
  leaky.interactions[0].response_body["content"][0]["text"] = "your key is sk-ant-api03-abcdefghijklmnop";
  auto refused = save_cassette(path, leaky, Redactor{});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "cassette.secret_found");
  const std::string& msg = refused.error().message;
  EXPECT_NE(msg.find("interactions[0].response.body.content[0].text"), std::string::npos) << msg;
  EXPECT_NE(msg.find("anthropic key"), std::string::npos) << msg;
  EXPECT_EQ(refused.error().to_string().find("abcdefghijklmnop"), std::string::npos)
      << "never print the secret";
  EXPECT_TRUE(names_in(dir.path()).empty()) << "no file and no temp file";
}

TEST(CassetteFile, RefusesAConfiguredSecretOfAnyShapeAndKeepsTheOldFileIntact) {
  testing::TempDir dir;
  const std::string path = (dir / "s.json").string();
  Redactor redactor({"hunter2-hunter2-hunter2"});
  ASSERT_TRUE(save_cassette(path, test::sample_cassette(), redactor).has_value());
  const std::string good = testing::read_file(path);

  Cassette leaky = test::sample_cassette();
  leaky.interactions[0].request_headers["x-title"] = "hunter2-hunter2-hunter2";
  auto refused = save_cassette(path, leaky, redactor);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "cassette.secret_found");
  EXPECT_NE(refused.error().message.find("interactions[0].request.headers.x-title"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().to_string().find("hunter2"), std::string::npos);
  EXPECT_EQ(testing::read_file(path), good);
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"s.json"});
}

// Fail each disk operation of a save in turn: the old file is intact and nothing else is left behind.
TEST(CassetteFile, SaveIsAtomicWhicheverStepFails) {
  testing::TempDir dir;
  const std::string path = (dir / "rec/s.json").string();
  ASSERT_TRUE(save_cassette(path, test::sample_cassette(), Redactor{}).has_value());
  const std::string good = testing::read_file(path);
  Cassette changed = test::sample_cassette();
  changed.interactions.push_back(changed.interactions[0]);
  changed.interactions[1].order = 1;

  FailingFileSystem count_only(-1);
  ASSERT_TRUE(save_cassette(path, changed, Redactor{}, count_only).has_value());
  ASSERT_TRUE(save_cassette(path, test::sample_cassette(), Redactor{}).has_value());
  ASSERT_GE(count_only.operations(), 3);

  for (int n = 0; n < count_only.operations(); ++n) {
    SCOPED_TRACE("failing operation " + std::to_string(n));
    FailingFileSystem failing(n);
    auto r = save_cassette(path, changed, Redactor{}, failing);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, "cassette.io");
    EXPECT_NE(r.error().message.find("intact"), std::string::npos) << r.error().message;
    EXPECT_EQ(testing::read_file(path), good);
    EXPECT_EQ(names_in(dir / "rec"), std::vector<std::string>{"s.json"});
  }
}

TEST(CassetteFile, SavingUnderAPathThatCannotBeADirectoryFailsCleanly) {
  testing::TempDir dir;
  dir.write("plain-file", "x");
  auto r = save_cassette((dir / "plain-file/s.json").string(), test::sample_cassette(), Redactor{});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "cassette.io");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"plain-file"});
}

}  // namespace
}  // namespace dq::cassette
