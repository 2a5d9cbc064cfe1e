// A bot and a CLI are two processes sharing one store (a file, or a PostgreSQL database), 100,000 spans
// each. The test re-runs this test binary as the second process (a fresh exec, no state inherited through
// fork) with one test selected by name; meanwhile it writes as much and reads.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iterator>

#include "bot/store/open_trace_store.hpp"
#include "tests/bot/store/span_fixtures.hpp"
#include "tests/bot/store/store_backends.hpp"
#include "tests/support/process.hpp"

namespace dq::store {
namespace {

constexpr const char* kChildEnv = "DQ_STORE_TEST_CHILD_PATH";
// Each process writes 100 batches of 200 traces of 5 spans: 100,000 spans each.
constexpr int kBatches = 100;
constexpr int kTracesPerBatch = 200;
constexpr int kSpansPerTrace = 5;

std::vector<trace::SpanRecord> big_batch(const std::string& run_id) {
  std::vector<trace::SpanRecord> batch;
  for (int t = 0; t < kTracesPerBatch; ++t) {
    auto trace = fixtures::make_trace(run_id, kSpansPerTrace - 1);
    std::move(trace.begin(), trace.end(), std::back_inserter(batch));
  }
  return batch;
}

// Only runs as the child of the test below; skipped in a normal run.
TEST(StoreAcrossProcessesChild, ChildWritesARunsSpansAndScenario) {
  const char* path = std::getenv(kChildEnv);
  if (path == nullptr) GTEST_SKIP() << "runs only as the second process of ABotAndACliProcessShareOneStore";
  auto store = open_trace_store(path);
  ASSERT_TRUE(store.has_value()) << store.error().to_string();
  for (int i = 0; i < kBatches; ++i) {
    auto written = (*store)->write_batch(big_batch("r1"));
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
  // Meanwhile this process writes as many (bot traffic) and reads what `report` and /admin read, on its
  // other connection: every read and write must succeed, whatever the other process holds.
  for (int i = 0; i < kBatches; ++i) {
    auto written = store->write_batch(big_batch(""));
    ASSERT_TRUE(written.has_value()) << written.error().to_string();
    if (i % 10 != 0) continue;
    auto samples = store->step_samples("r1");
    ASSERT_TRUE(samples.has_value()) << samples.error().to_string();
    EXPECT_EQ(samples->size() % kSpansPerTrace, 0u) << "a reader sees whole batches only";
    ASSERT_TRUE(store->newest_traces(0, 10).has_value());
    ASSERT_TRUE(store->trace_count().has_value());
  }
  auto result = testing::wait_process(child);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;

  const std::int64_t each = std::int64_t{kBatches} * kTracesPerBatch * kSpansPerTrace;
  auto samples = store->step_samples("r1");
  ASSERT_TRUE(samples.has_value()) << samples.error().to_string();
  EXPECT_EQ(static_cast<std::int64_t>(samples->size()), each) << "nothing the CLI-like process wrote is lost";
  auto scenarios = store->scenarios("r1");
  ASSERT_TRUE(scenarios.has_value());
  ASSERT_EQ(scenarios->size(), 1u);
  EXPECT_EQ((*scenarios)[0].scenario, "haggle");
  EXPECT_EQ(rows("spans"), 2 * each);
  auto count = store->trace_count();
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ(*count, 2 * each / kSpansPerTrace);
}

DQ_ON_EVERY_BACKEND(StoreAcrossProcesses);

}  // namespace
}  // namespace dq::store
