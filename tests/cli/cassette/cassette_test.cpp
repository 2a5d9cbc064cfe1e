#include "cli/cassette/cassette.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::cassette {
namespace {

Cassette sample() {
  Cassette c;
  c.scenario = "s";
  Interaction in;
  in.provider = "anthropic";
  in.path = "/v1/messages";
  in.request_headers = {{"anthropic-version", "2023-06-01"}};
  in.request_body = nlohmann::json::parse(R"({"model": "m", "max_tokens": 10})");
  in.response_body = nlohmann::json::parse(R"({"content": [{"type": "text", "text": "hi"}]})");
  in.input_tokens = 5;
  in.output_tokens = 1;
  in.latency_ms = 800;
  c.interactions.push_back(in);
  return c;
}

TEST(Cassette, RoundTripsWithSortedKeysAndStableBytes) {
  const std::string text = serialize_cassette(sample());
  auto parsed = parse_cassette(text, "s.json");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().to_string();
  EXPECT_EQ(serialize_cassette(*parsed), text);
  EXPECT_LT(text.find("\"format_version\""), text.find("\"interactions\""));
  EXPECT_LT(text.find("\"latency_ms\""), text.find("\"provider\""));
  EXPECT_EQ(parsed->interactions[0].latency_ms, 800);
}

TEST(Cassette, ANewerFormatAndHandEditsAreClearErrorsWithTheirJsonPath) {
  EXPECT_EQ(parse_cassette(R"({"format_version": 2, "scenario": "s", "interactions": []})", "s.json").error().code,
            "cassette.too_new");
  auto bad = parse_cassette(R"({"format_version": 1, "scenario": "s", "interactions": [{"provider": "anthropic",
    "path": "/v1/messages", "order": 0, "request": {"body": {}}, "response": {"status": "200", "body": {}}}]})", "s.json");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, "cassette.invalid");
  EXPECT_EQ(bad.error().where, "s.json");
  EXPECT_NE(bad.error().message.find("$.interactions[0].response.status: expected an integer"), std::string::npos)
      << bad.error().message;
  EXPECT_EQ(parse_cassette("{not json", "s.json").error().code, "cassette.invalid");
  EXPECT_EQ(load_cassette("/nonexistent/x.json").error().code, "cassette.not_found");
}

TEST(Cassette, SavingIsAtomicAndRefusesAFileWithASecretInIt) {
  testing::TempDir dir;
  const std::string path = (dir / "rec/s.json").string();
  Redactor redactor({"my-very-own-secret-value"});
  ASSERT_TRUE(save_cassette(path, sample(), redactor).has_value());
  const std::string good = testing::read_file(path);

  Cassette leaky = sample();
  leaky.interactions[0].response_body = "the key is my-very-own-secret-value";
  auto refused = save_cassette(path, leaky, redactor);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "cassette.secret_found");
  EXPECT_EQ(refused.error().message.find("my-very-own"), std::string::npos) << "the error must not print the secret";
  EXPECT_EQ(testing::read_file(path), good) << "the old file stays intact";
  for (const auto& e : std::filesystem::directory_iterator(dir / "rec")) EXPECT_EQ(e.path().filename(), "s.json");
}

TEST(Cassette, AFailedWriteLeavesNoTempFile) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir / "blocked");
  // A directory where the file should go: the rename fails, the temp file is removed.
  std::filesystem::create_directories(dir / "blocked/s.json/inner");
  auto r = save_cassette((dir / "blocked/s.json").string(), sample(), Redactor{});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "cassette.io");
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir / "blocked")) ++entries, (void)e;
  EXPECT_EQ(entries, 1);
}

}  // namespace
}  // namespace dq::cassette
