// The bot's own pruning thread: it prunes at start with its policy, logs what it removed, and a stop ends it
// after the batch under way.
#include "bot/app/retention_worker.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "bot/store/sqlite_store.hpp"
#include "bot/trace/log.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/trace_fixtures.hpp"

namespace dq::app {
namespace {

constexpr std::int64_t kNow = 1'800'000'000'000;
constexpr std::int64_t kDay = 86'400'000;

TEST(RetentionWorker, PrunesAtStartWithItsPolicyAndLogsWhatItRemoved) {
  testing::TempDir dir;
  const std::string path = (dir / "bot.db").string();
  {
    auto store = store::SqliteStore::open(path);
    ASSERT_TRUE(store.has_value());
    for (int i = 0; i < 5; ++i) testing::write_turn_trace(**store, kNow - 12 * kDay + i);
    testing::write_turn_trace(**store, kNow - kDay);
  }
  const std::string log_path = (dir / "log.jsonl").string();
  std::FILE* sink = std::fopen(log_path.c_str(), "w");
  ASSERT_NE(sink, nullptr);
  log::set_sink(sink);
  query::RetentionPolicy policy;
  policy.metadata = std::chrono::hours(24 * 10);
  {
    RetentionWorker worker(path, policy, std::chrono::hours(1), [] { return kNow; });
    worker.stop();  // the pass at start always runs its first batch: all 5 traces here
    EXPECT_EQ(worker.prunes(), 1);
  }
  log::set_sink(stderr);
  std::fclose(sink);
  const std::string logged = testing::read_file(log_path);
  EXPECT_NE(logged.find(R"("event":"store.pruned","traces":"5","spans":"30")"), std::string::npos) << logged;
  EXPECT_NE(logged.find(R"("metadata_age":"10d","io_age":"7d")"), std::string::npos) << logged;
  auto store = store::SqliteStore::open(path);
  ASSERT_TRUE(store.has_value());
  EXPECT_EQ(*(*store)->trace_count(), 1);
}

TEST(RetentionWorker, AStoreItCannotOpenIsLoggedAsAFailureNotACrash) {
  testing::TempDir dir;
  const std::string log_path = (dir / "log.jsonl").string();
  std::FILE* sink = std::fopen(log_path.c_str(), "w");
  ASSERT_NE(sink, nullptr);
  log::set_sink(sink);
  {
    RetentionWorker worker((dir / "no-such-dir" / "bot.db").string(), {}, std::chrono::hours(1),
                           [] { return kNow; });
    worker.stop();
  }
  log::set_sink(stderr);
  std::fclose(sink);
  const std::string logged = testing::read_file(log_path);
  EXPECT_NE(logged.find(R"("event":"store.prune_failed")"), std::string::npos) << logged;
}

}  // namespace
}  // namespace dq::app
