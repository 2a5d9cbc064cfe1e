#pragma once
// What `/admin test SCENARIO` needs from the harness: a plan (the mode it would run in and the cost estimate
// to show before anything is spent) and the run itself, with a short summary to post. The bot does not link
// the harness (the CLI depends on the bot, never the reverse): app/harness_tester runs `dealquest-test` as a
// child process against the same store, so the test's traces land next to the bot's.

#include <boost/asio/awaitable.hpp>
#include <string>

#include "bot/core/error.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::chat {

struct TestPlan {
  std::string mode;         // "replay" (a recording exists) or "live"
  std::string summary;      // plain text: what will run and what it may cost
  std::string confirm_usd;  // live: the amount the harness wants confirmed ("0.0123"); empty for replay
};

class ScenarioTester {
 public:
  virtual ~ScenarioTester() = default;
  virtual boost::asio::awaitable<core::Result<TestPlan>> plan(const scenario::Scenario& s) = 0;
  // Plain-text result (pass/fail per check, cost, run id).
  virtual boost::asio::awaitable<core::Result<std::string>> run(const scenario::Scenario& s,
                                                                const TestPlan& plan) = 0;
};

}  // namespace dq::chat
