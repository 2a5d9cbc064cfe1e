#include "bot/runtime/runtime.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/cost/price_table.hpp"
#include "bot/llm/llm_client.hpp"
#include "bot/store/sqlite_store.hpp"
#include "bot/trace/context_executor.hpp"
#include "bot/trace/span.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/run_loop.hpp"
#include "tests/support/scenario_model.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::runtime {
namespace {

namespace asio = boost::asio;

std::optional<std::string> no_env(std::string_view) {
  return std::nullopt;
}

struct RuntimeTest : ::testing::Test {
  testing::TempDir dir;
  testing::FakeClock clock;
  cost::PriceTable prices = *cost::PriceTable::builtin();
  std::vector<scenario::Scenario> scenarios{testing::bike_scenario()};

  std::unique_ptr<Runtime> open(core::Mode mode = core::Mode::dry_run) {
    RuntimeOptions o;
    o.llm.mode = mode;
    o.llm.cassette_dir = (dir.path() / "recordings").string();
    o.store_path = (dir.path() / "t.db").string();
    o.run_mode = "dry-run";
    o.scenarios = 1;
    auto rt = Runtime::open(o, scenarios, prices, no_env, clock);
    EXPECT_TRUE(rt.has_value()) << (rt ? "" : rt.error().error.to_string());
    return rt ? std::move(*rt) : nullptr;
  }
  query::RunRow stored_run(const std::string& id) {
    auto store = store::SqliteStore::open((dir.path() / "t.db").string());
    auto run = (*store)->find_run(id);
    return **run;
  }
};

// A traced task with a root and a child span that waits `wait` on the loop.
asio::awaitable<void> traced_wait(trace::Tracer& tracer, std::chrono::hours wait) {
  auto ex = co_await asio::this_coro::executor;
  auto body = [](std::chrono::hours w) -> asio::awaitable<void> {
    trace::Span step("llm.counterpart");
    asio::steady_timer t(co_await asio::this_coro::executor, w);
    co_await t.async_wait(asio::use_awaitable);
  };
  trace::TraceAttributes attrs;  // a named value: GCC 12 mis-copies braced prvalues into coroutines
  attrs.scenario = "bike";
  auto op = trace::in_new_trace(ex, tracer, "pipeline.turn", std::move(attrs), body(wait));
  co_await std::move(op);
}

TEST_F(RuntimeTest, OpenBeginsARunRowAndFinishStoresItsEndWithTheSpansWritten) {
  auto rt = open();
  const std::string id = rt->run().run_id;
  EXPECT_EQ(stored_run(id).status, "running");
  testing::run_to_completion(rt->io(), trace::untraced(rt->io().get_executor()),
                             traced_wait(rt->tracer(), std::chrono::hours(0)));
  rt->run().passed = 1;
  const Finished& f = rt->finish("passed");
  EXPECT_TRUE(f.stored);
  EXPECT_EQ(f.spans_written, 2u);
  EXPECT_EQ(f.spans_dropped, 0u);
  const query::RunRow row = stored_run(id);
  EXPECT_EQ(row.status, "passed");
  EXPECT_EQ(row.passed, 1);
  EXPECT_EQ(row.dropped_spans, 0u);
}

TEST_F(RuntimeTest, ARuntimeDroppedWithoutFinishingMarksItsRunAsAnError) {
  std::string id;
  {
    auto rt = open();
    id = rt->run().run_id;
  }
  EXPECT_EQ(stored_run(id).status, "error");
}

TEST_F(RuntimeTest, ATaskThatOutlivesTheSettleBoundIsAbandonedAndItsOpenSpansAreCountedAsDropped) {
  auto rt = open();
  const std::string id = rt->run().run_id;
  asio::co_spawn(trace::untraced(rt->io().get_executor()), traced_wait(rt->tracer(), std::chrono::hours(1)),
                 [](std::exception_ptr) {});
  rt->io().run_for(std::chrono::milliseconds(20));  // the task starts and waits
  EXPECT_EQ(rt->tracer().open_spans(), 2);
  EXPECT_FALSE(rt->settle(std::chrono::milliseconds(0)));
  const Finished& f = rt->finish("interrupted");
  EXPECT_EQ(f.spans_dropped, 2u);
  EXPECT_EQ(stored_run(id).dropped_spans, 2u);
  rt.reset();  // the abandoned frame is kept, not destroyed: nothing it points to is touched (ASan checks)
}

TEST_F(RuntimeTest, SettleReturnsTrueOnceEveryTaskFinished) {
  auto rt = open();
  asio::co_spawn(trace::untraced(rt->io().get_executor()), traced_wait(rt->tracer(), std::chrono::hours(0)),
                 [](std::exception_ptr) {});
  EXPECT_TRUE(rt->settle(std::chrono::seconds(5)));
  EXPECT_EQ(rt->finish("passed").spans_written, 2u);
}

TEST_F(RuntimeTest, ReplayOfAScenarioWithoutARecordingAnswersCassetteNotFoundAndSaysHowToRecordOne) {
  auto rt = open(core::Mode::replay);
  auto client = rt->llm().factory()(scenarios[0]);
  llm::Request request;
  request.provider = "anthropic";
  request.model = "claude-haiku-4-5";
  request.agent = "counterpart";
  request.max_tokens = 100;
  request.messages = {{"user", "hi"}};
  auto r = testing::run_to_completion(rt->io(), client->complete(request));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "cassette.not_found");
  EXPECT_NE(r.error().message.find("--record missing"), std::string::npos) << r.error().message;
  rt->finish("error");
}

TEST_F(RuntimeTest, LiveWithoutTheProvidersKeyIsRefusedBeforeAnythingIsOpened) {
  RuntimeOptions o;
  o.llm.mode = core::Mode::live;
  o.store_path = (dir.path() / "t.db").string();
  auto rt = Runtime::open(o, scenarios, prices, no_env, clock);
  ASSERT_FALSE(rt.has_value());
  EXPECT_EQ(rt.error().error.code, "llm.no_api_key");
  EXPECT_EQ(rt.error().exit, core::ExitCode::usage);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "t.db")) << "no run row for a run that never started";
}

// A scenario run alone (`run scenarios/freelance-rate.yaml`) needs the provider of its simulated trainee and
// of its default judge too, not only those of its `agents:` (which another scenario of the run used to
// supply).
TEST_F(RuntimeTest, LiveNeedsTheKeyOfTheSimulatedTraineesAndTheDefaultJudgesProviderToo) {
  auto only = [](std::string key) {
    return [key](std::string_view name) -> std::optional<std::string> {
      if (name == key) return "placeholder-key-for-the-test";
      return std::nullopt;
    };
  };
  RuntimeOptions o;
  o.llm.mode = core::Mode::live;
  o.store_path = (dir.path() / "t.db").string();
  scenario::Scenario trainee = testing::bike_scenario();
  trainee.simulated_user.emplace();
  trainee.simulated_user->agent = {"openrouter", "anthropic/claude-haiku-4.5", 150, std::nullopt,
                                   std::nullopt};
  auto rt = Runtime::open(o, {trainee}, prices, only("ANTHROPIC_API_KEY"), clock);
  ASSERT_FALSE(rt.has_value()) << "the trainee's provider was not set up";
  EXPECT_EQ(rt.error().error.code, "llm.no_api_key");
  EXPECT_NE(rt.error().error.message.find("OPENROUTER_API_KEY"), std::string::npos)
      << rt.error().error.message;

  scenario::Scenario judged = testing::bike_scenario();
  for (auto& [agent, settings] : judged.agents) settings.provider = "openrouter";
  judged.conversation_judge.emplace_back();
  judged.conversation_judge.back().rubric = "stays in character";
  rt = Runtime::open(o, {judged}, prices, only("OPENROUTER_API_KEY"), clock);
  ASSERT_FALSE(rt.has_value()) << "the default judge's provider was not set up";
  EXPECT_NE(rt.error().error.message.find("ANTHROPIC_API_KEY"), std::string::npos)
      << rt.error().error.message;
}

TEST_F(RuntimeTest, RecordingRefusesASourceDateEpochThatIsNotAWholeNumberOfSeconds) {
  RuntimeOptions o;
  o.llm.mode = core::Mode::record;
  o.llm.cassette_dir = (dir.path() / "recordings").string();
  o.store_path = (dir.path() / "t.db").string();
  auto env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "SOURCE_DATE_EPOCH") return "yesterday";
    if (name.ends_with("_API_KEY")) return "placeholder-key-for-the-test";
    return std::nullopt;
  };
  auto rt = Runtime::open(o, scenarios, prices, env, clock);
  ASSERT_FALSE(rt.has_value());
  EXPECT_EQ(rt.error().error.code, "cassette.bad_source_date_epoch");
  EXPECT_EQ(rt.error().exit, core::ExitCode::usage);
}

TEST(DryRunFactory, FreeFormDropsTheScenariosScriptedRepliesAndKeepsItsFacts) {
  scenario::Scenario s = testing::bike_scenario();
  scenario::Turn t;
  t.user = "What is the price?";
  t.mock_reply = "SCRIPTED REPLY";
  s.turns.push_back(t);
  asio::io_context io;
  llm::Request request;
  request.provider = "anthropic";
  request.agent = "counterpart";
  request.max_tokens = 100;
  request.messages = {{"user", "What is the price?"}};
  auto scripted = dry_run_factory(false, 0)(s);
  auto free_form = dry_run_factory(true, 0)(s);
  auto a = testing::run_to_completion(io, scripted->complete(request));
  auto b = testing::run_to_completion(io, free_form->complete(request));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->text, "SCRIPTED REPLY");
  EXPECT_NE(b->text, "SCRIPTED REPLY");
  EXPECT_NE(b->text.find("1,000"), std::string::npos) << b->text;
}

}  // namespace
}  // namespace dq::runtime
