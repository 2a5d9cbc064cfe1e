// A bot and a CLI are two processes sharing one store (a file, or a PostgreSQL database). The test re-runs
// this test binary as the second process (a fresh exec, no state inherited through fork) with one test
// selected by name.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "bot/store/open_trace_store.hpp"
#include "tests/bot/store/span_fixtures.hpp"
#include "tests/bot/store/store_backends.hpp"
#include "tests/support/process.hpp"

namespace dq::store {
namespace {

constexpr const char* kChildEnv = "DQ_STORE_TEST_CHILD_PATH";
constexpr int kBatches = 40;

// Only runs as the child of the test below; skipped in a normal run.
TEST(StoreAcrossProcessesChild, ChildWritesARunsSpansAndScenario) {
  const char* path = std::getenv(kChildEnv);
  if (path == nullptr) GTEST_SKIP() << "runs only as the second process of ABotAndACliProcessShareOneStore";
  auto store = open_trace_store(path);
  ASSERT_TRUE(store.has_value()) << store.error().to_string();
  for (int i = 0; i < kBatches; ++i) {
    auto written = (*store)->write_batch(fixtures::make_trace("r1", 4));
    ASSERT_TRUE(written.has_value()) << written.error().to_string();
  }
  auto recorded = (*store)->record_scenario("r1", {"haggle", "haggle.yaml", "passed", 1, 10, ""},
                                            {{"haggle", 1, "contains", "pass", ""}});
  ASSERT_TRUE(recorded.has_value()) << recorded.error().to_string();
}

using StoreAcrossProcesses = fixtures::StoreBackend;

TEST_P(StoreAcrossProcesses, ABotAndACliProcessShareOneStore) {
  const std::string& path = location;
  ASSERT_TRUE(store->begin_run(fixtures::make_run("r1")).has_value());

  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  auto child = testing::start_process(
      {self, "--gtest_filter=StoreAcrossProcessesChild.ChildWritesARunsSpansAndScenario"},
      dir.path().string(), {"", {{kChildEnv, path}}});
  // Meanwhile this process writes too (bot traffic), and reads.
  for (int i = 0; i < kBatches; ++i) {
    auto written = store->write_batch(fixtures::make_trace("", 2));
    ASSERT_TRUE(written.has_value()) << written.error().to_string();
    ASSERT_TRUE(store->step_samples("r1").has_value());
  }
  auto result = testing::wait_process(child);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;

  auto samples = store->step_samples("r1");
  ASSERT_TRUE(samples.has_value()) << samples.error().to_string();
  EXPECT_EQ(samples->size(), static_cast<std::size_t>(kBatches * 5));
  auto scenarios = store->scenarios("r1");
  ASSERT_TRUE(scenarios.has_value());
  ASSERT_EQ(scenarios->size(), 1u);
  EXPECT_EQ((*scenarios)[0].scenario, "haggle");
  EXPECT_EQ(rows("spans"), kBatches * 5 + kBatches * 3);
}

DQ_ON_EVERY_BACKEND(StoreAcrossProcesses);

}  // namespace
}  // namespace dq::store
