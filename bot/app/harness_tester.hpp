#pragma once
// ScenarioTester by running the harness: `dealquest-test estimate` for the plan and `dealquest-test run`
// (replay when the scenario has a recording, otherwise live within the cap) for the test, as child
// processes writing into the bot's store. The harness binary is found next to dealquest-bot.

#include <boost/asio/any_io_executor.hpp>
#include <string>

#include "bot/chat/scenario_tester.hpp"

namespace dq::app {

struct HarnessTesterOptions {
  std::string harness_binary;  // path of dealquest-test
  std::string store;           // --store for the run
  std::string cassette_dir = "recordings";
  double max_usd = 0.50;  // live cap of one test
};

// dealquest-test in the folder of the running dealquest-bot (build/bin/ holds both), else from PATH.
std::string harness_next_to_me();

class HarnessTester final : public chat::ScenarioTester {
 public:
  HarnessTester(boost::asio::any_io_executor executor, HarnessTesterOptions options)
      : executor_(executor), options_(std::move(options)) {}

  boost::asio::awaitable<core::Result<chat::TestPlan>> plan(const scenario::Scenario& s) override;
  boost::asio::awaitable<core::Result<std::string>> run(const scenario::Scenario& s,
                                                        const chat::TestPlan& plan) override;

 private:
  boost::asio::any_io_executor executor_;
  HarnessTesterOptions options_;
};

}  // namespace dq::app
