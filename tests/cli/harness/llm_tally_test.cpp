#include "cli/harness/llm_tally.hpp"

#include <gtest/gtest.h>

#include "bot/scenario/scenario.hpp"
#include "tests/support/run_loop.hpp"
#include "tests/support/scripted_llm_client.hpp"

namespace dq::harness {
namespace {

TEST(LlmTally, CountsTheAnsweredCallsOfEveryClientTheFactoryMakesAndTheirCost) {
  LlmTally tally;
  auto factory = tallying(
      [](const scenario::Scenario&) -> std::unique_ptr<llm::LlmClient> {
        auto client = std::make_unique<testing::ScriptedLlmClient>();
        client->reply("one");
        client->fail(core::Error{"llm.http_status", "", "502"});
        return client;
      },
      tally);
  boost::asio::io_context io;
  scenario::Scenario s;
  for (int i = 0; i < 2; ++i) {
    auto client = factory(s);
    ASSERT_TRUE(testing::run_to_completion(io, client->complete(llm::Request{})).has_value());
    EXPECT_FALSE(testing::run_to_completion(io, client->complete(llm::Request{})).has_value());
  }
  EXPECT_EQ(tally.calls(), 2) << "failed calls are not answered calls";
  tally.add(0.25);
  tally.add(0.0001);
  EXPECT_EQ(tally.calls(), 4);
  EXPECT_DOUBLE_EQ(tally.cost_usd(), 0.2501);
}

}  // namespace
}  // namespace dq::harness
