// `run --live --record` never damages a good cassette: a scenario that did not run to its end (stopped by the
// budget cap, interrupted, failed on an error) leaves its old file byte-identical, and `--record missing`
// never removes or shortens a recorded interaction.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/fake_llm_server.hpp"

namespace dq::e2e {
namespace {

namespace fs = std::filesystem;

struct CassetteSafety : ::testing::Test {
  CassetteSafety() {
    fake.start();
    fs::create_directories(dir / "rec");
    for (const auto& entry : fs::directory_iterator(kRecordings))
      if (fs::exists(kScenarios + "/" + entry.path().stem().string() + ".yaml"))  // the scenarios' cassettes
        fs::copy_file(entry.path(), dir / "rec" / entry.path().filename());
  }
  std::map<std::string, std::string> env() {
    return {{"ANTHROPIC_API_KEY", "sk-ant-api03-RECORDRECORDRECORDRECORD"},
            {"OPENROUTER_API_KEY", "sk-or-v1-recordrecordrecordrecord"},
            {"ANTHROPIC_BASE_URL", fake.base_url()},
            {"OPENROUTER_BASE_URL", fake.base_url()},
            {"NO_COLOR", "1"},
            {"CI", ""}};
  }
  std::string worst_case(const std::string& path) {
    auto e = dq_test({"estimate", path}, dir);
    const auto at = e.out.find("worst case $");
    return e.out.substr(at + 12, e.out.find('\n', at) - at - 12);
  }
  std::map<std::string, std::string> cassettes() {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::directory_iterator(dir / "rec"))
      files[entry.path().filename().string()] = testing::read_file(entry.path().string());
    return files;
  }

  testing::TempDir dir;
  testing::FakeLlmServer fake;
};

TEST_F(CassetteSafety, ARecordAllRunStoppedByTheCapLeavesEveryEarlierCassetteByteIdentical) {
  const auto before = cassettes();
  ASSERT_GE(before.size(), 7u);
  // Every scenario starts at once, and the cap stops the run after a few calls: none runs to its end.
  auto r =
      dq_test({"run", "--live", "--record", "all", "--cassette-dir", "rec", kScenarios, "--store", "t.db",
               "--concurrency", "8", "--max-cost", "0.03", "--confirm-cost", worst_case(kScenarios)},
              dir, env());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  ASSERT_TRUE(contains(r.out, "stopped by the budget cap")) << r.out;
  EXPECT_GT(fake.request_count(), 0) << "calls were made, and recorded in memory";
  EXPECT_EQ(cassettes(), before) << "no cassette was touched: " << r.err;
  EXPECT_TRUE(
      contains(r.err, "rec/salary-raise.json left as it was: scenario salary-raise did not run to its end"))
      << r.err;
  for (const auto& entry : fs::directory_iterator(dir / "rec"))
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos)
        << "a temp file was left: " << entry.path();
}

TEST_F(CassetteSafety, RecordMissingKeepsEveryRecordedInteractionAndAddsWhatIsNew) {
  // The shipped scenario with its third message reworded: turns 1 and 2 replay, every later request is new,
  // and the recordings of the old turns 3 and 4 are no longer asked for.
  std::string yaml = testing::read_file(kScenarios + "/salary-raise.yaml");
  const std::string third = "What would a promotion to senior engineer pay?";
  ASSERT_NE(yaml.find(third), std::string::npos);
  yaml.replace(yaml.find(third), third.size(), "And what would a promotion to senior engineer pay me?");
  const std::string scenario = dir.write("salary-raise.yaml", yaml).string();
  const auto old = nlohmann::json::parse(testing::read_file((dir / "rec/salary-raise.json").string()));
  auto r = dq_test({"run", "--live", "--record", "missing", "--cassette-dir", "rec", scenario, "--store",
                    "t.db", "--confirm-cost", worst_case(scenario)},
                   dir, env());
  ASSERT_NE(r.exit_code, 3) << r.out << r.err;
  EXPECT_GT(fake.request_count(), 0) << "the fake answers differently, so later turns were new requests";
  const auto now = nlohmann::json::parse(testing::read_file((dir / "rec/salary-raise.json").string()));
  ASSERT_GT(now["interactions"].size(), old["interactions"].size()) << r.out << r.err;
  for (const auto& recorded : old["interactions"]) {
    bool kept = false;
    for (const auto& in : now["interactions"])
      kept = kept || (in["request"]["body"] == recorded["request"]["body"] &&
                      in["response"]["body"] == recorded["response"]["body"]);
    EXPECT_TRUE(kept) << "lost: " << recorded["request"]["body"].dump().substr(0, 200);
  }

  // The kept recordings of the old turns replay nothing now: `cassettes check` lists them.
  auto check = dq_test({"cassettes", "check", scenario, "--cassette-dir", "rec"}, dir);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_TRUE(contains(check.out, "fresh  salary-raise")) << check.out;
  EXPECT_TRUE(contains(check.out, "no current request uses")) << check.out;
  EXPECT_TRUE(contains(check.out, "#0: \"What would a promotion to senior engineer pay?\"")) << check.out;
}

}  // namespace
}  // namespace dq::e2e
