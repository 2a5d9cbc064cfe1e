// A run whose process died without finishing it is marked `abandoned` by the next start: ended at its last
// trace, with a note; live runs, finished runs and rows without an owner are left alone.
#include <gtest/gtest.h>

#include "bot/store/sqlite_store.hpp"
#include "tests/bot/store/span_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::store {
namespace {

TEST(AbandonedRuns, OnlyRunningRunsWhoseOwnerIsDeadAreMarkedEndedAtTheirLastTrace) {
  testing::TempDir dir;
  auto opened = SqliteStore::open((dir / "t.db").string());
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  SqliteStore& store = **opened;
  auto begin = [&](const std::string& id, const std::string& owner, const std::string& status) {
    query::RunRow run = fixtures::make_run(id);
    run.owner = owner;
    run.note = id == "dead" ? "estimate: $0.01" : "";
    ASSERT_TRUE(store.begin_run(run).has_value());
    if (status != "running") {
      run.status = status;
      run.ended_ms = run.started_ms + 10;
      ASSERT_TRUE(store.finish_run(run).has_value());
    }
  };
  begin("dead", "host:1:1", "running");
  begin("dead-no-traces", "host:2:2", "running");
  begin("alive", "host:3:3", "running");
  begin("finished", "host:4:4", "passed");
  begin("old-row", "", "running");
  ASSERT_TRUE(store.write_batch(fixtures::make_trace("dead", 1, 1'700'000'005'000)).has_value());

  std::vector<std::string> asked;
  auto marked = store.mark_abandoned_runs([&](const std::string& owner) {
    asked.push_back(owner);
    return owner == "host:3:3";
  });
  ASSERT_TRUE(marked.has_value()) << marked.error().to_string();
  EXPECT_EQ(*marked, (std::vector<std::string>{"dead", "dead-no-traces"}));
  EXPECT_EQ(asked.size(), 3u) << "finished runs and rows without an owner are not even asked about";

  auto dead = store.find_run("dead");
  ASSERT_TRUE(dead.has_value() && dead->has_value());
  EXPECT_EQ((*dead)->status, "abandoned");
  EXPECT_GE((*dead)->ended_ms, 1'700'000'005'000) << "ended at its last trace";
  EXPECT_TRUE((*dead)->note.starts_with("estimate: $0.01; abandoned: its process (host:1:1)"))
      << (*dead)->note;
  auto no_traces = store.find_run("dead-no-traces");
  EXPECT_EQ((*no_traces)->ended_ms, (*no_traces)->started_ms);
  EXPECT_EQ((*store.find_run("alive"))->status, "running");
  EXPECT_EQ((*store.find_run("finished"))->status, "passed");
  EXPECT_EQ((*store.find_run("old-row"))->status, "running");

  auto again = store.mark_abandoned_runs([](const std::string&) { return false; });
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, std::vector<std::string>{"alive"}) << "each run is marked once";
}

}  // namespace
}  // namespace dq::store
