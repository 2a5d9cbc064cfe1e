// A run whose process died without finishing it is marked `abandoned` by the next start: ended at its last
// trace, with a note; live runs, finished runs and rows without an owner are left alone.
#include <gtest/gtest.h>

#include "tests/bot/store/span_fixtures.hpp"
#include "tests/bot/store/store_backends.hpp"

namespace dq::store {
namespace {

using AbandonedRuns = fixtures::StoreBackend;

TEST_P(AbandonedRuns, OnlyRunningRunsWhoseOwnerIsDeadAreMarkedEndedAtTheirLastTrace) {
  TraceStore& s = *store;
  auto begin = [&](const std::string& id, const std::string& owner, const std::string& status) {
    query::RunRow run = fixtures::make_run(id);
    run.owner = owner;
    run.note = id == "dead" ? "estimate: $0.01" : "";
    ASSERT_TRUE(s.begin_run(run).has_value());
    if (status != "running") {
      run.status = status;
      run.ended_ms = run.started_ms + 10;
      ASSERT_TRUE(s.finish_run(run).has_value());
    }
  };
  begin("dead", "host:1:1", "running");
  begin("dead-no-traces", "host:2:2", "running");
  begin("alive", "host:3:3", "running");
  begin("finished", "host:4:4", "passed");
  begin("old-row", "", "running");
  ASSERT_TRUE(s.write_batch(fixtures::make_trace("dead", 1, 1'700'000'005'000)).has_value());

  std::vector<std::string> asked;
  auto marked = s.mark_abandoned_runs([&](const std::string& owner) {
    asked.push_back(owner);
    return owner == "host:3:3";
  });
  ASSERT_TRUE(marked.has_value()) << marked.error().to_string();
  EXPECT_EQ(*marked, (std::vector<std::string>{"dead", "dead-no-traces"}));
  EXPECT_EQ(asked.size(), 3u) << "finished runs and rows without an owner are not even asked about";

  auto dead = s.find_run("dead");
  ASSERT_TRUE(dead.has_value() && dead->has_value());
  EXPECT_EQ((*dead)->status, "abandoned");
  EXPECT_GE((*dead)->ended_ms, 1'700'000'005'000) << "ended at its last trace";
  EXPECT_TRUE((*dead)->note.starts_with("estimate: $0.01; abandoned: its process (host:1:1)"))
      << (*dead)->note;
  auto no_traces = s.find_run("dead-no-traces");
  EXPECT_EQ((*no_traces)->ended_ms, (*no_traces)->started_ms);
  EXPECT_EQ((*s.find_run("alive"))->status, "running");
  EXPECT_EQ((*s.find_run("finished"))->status, "passed");
  EXPECT_EQ((*s.find_run("old-row"))->status, "running");

  auto again = s.mark_abandoned_runs([](const std::string&) { return false; });
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, std::vector<std::string>{"alive"}) << "each run is marked once";
}

DQ_ON_EVERY_BACKEND(AbandonedRuns);

}  // namespace
}  // namespace dq::store
