// `dealquest-test prune`: the store's retention applied on demand, ages from flags or dealquest.yaml.
#include <gtest/gtest.h>

#include <chrono>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/trace_fixtures.hpp"

namespace dq::e2e {
namespace {

constexpr std::int64_t kDay = 24 * 3600 * 1000LL;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A store with `old` traces 40 days old and `recent` ones a day old, plus a replayed run of today.
void make_store(const testing::TempDir& dir, int old, int recent) {
  auto r = dq_test({"run", "--replay", kScenarios + "/salary-raise.yaml", "--cassette-dir", kRecordings,
                    "--store", "t.db"},
                   dir);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto store = store::SqliteStore::open((dir / "t.db").string());
  ASSERT_TRUE(store.has_value());
  for (int i = 0; i < old; ++i) testing::write_turn_trace(**store, now_ms() - 40 * kDay + i);
  for (int i = 0; i < recent; ++i) testing::write_turn_trace(**store, now_ms() - kDay + i);
}

std::int64_t traces_in(const testing::TempDir& dir) {
  auto store = store::SqliteStore::open((dir / "t.db").string());
  auto n = store ? (*store)->trace_count() : core::Result<std::int64_t>(-1);
  return n ? *n : -1;
}

TEST(CliPrune, ADryRunSaysWhatWouldGoAndThePruneRemovesExactlyThat) {
  testing::TempDir dir;
  make_store(dir, 12, 3);
  const std::int64_t before = traces_in(dir);
  auto dry = dq_test({"prune", "--store", "t.db", "--dry-run"}, dir);
  ASSERT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_TRUE(contains(dry.out, "t.db: would remove 12 traces (72 spans) and 0 finished runs")) << dry.out;
  EXPECT_TRUE(contains(dry.out, "(older than 30d)")) << dry.out;
  EXPECT_TRUE(contains(dry.out, "nothing was removed (--dry-run)")) << dry.out;
  EXPECT_EQ(traces_in(dir), before);

  auto r = dq_test({"prune", "--store", "t.db"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "t.db: removed 12 traces (72 spans)")) << r.out;
  EXPECT_EQ(traces_in(dir), before - 12);
  auto report = dq_test({"report", "--store", "t.db"}, dir);
  EXPECT_EQ(report.exit_code, 0) << "today's run is untouched: " << report.err;
}

TEST(CliPrune, AgesComeFromTheFlagsOverTheConfigFile) {
  testing::TempDir dir;
  make_store(dir, 2, 3);
  dir.write("dealquest.yaml", "store: t.db\nretention:\n  metadata: 12h\n  io: 1h\n");
  auto from_file = dq_test({"prune", "--dry-run"}, dir);
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  EXPECT_TRUE(contains(from_file.out, "would remove 5 traces"))
      << "12h takes the day-old ones too: " << from_file.out;
  EXPECT_TRUE(contains(from_file.out, "(older than 12h)")) << from_file.out;
  auto flag = dq_test({"prune", "--dry-run", "--older-than", "30d"}, dir);
  EXPECT_TRUE(contains(flag.out, "would remove 2 traces")) << flag.out;
}

TEST(CliPrune, ABadAgeOrAMissingStoreIsAUsageErrorThatSaysWhatToWrite) {
  testing::TempDir dir;
  auto bad = dq_test({"prune", "--older-than", "3 weeks"}, dir);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "--older-than: '3 weeks' is not an age: a whole number and a unit, e.g. 30d"))
      << bad.err;
  auto none = dq_test({"prune", "--store", "none.db"}, dir);
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(contains(none.err, "[report.no_store] none.db: no trace store here; nothing to prune"))
      << none.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "none.db")) << "prune never creates a store";
}

}  // namespace
}  // namespace dq::e2e
