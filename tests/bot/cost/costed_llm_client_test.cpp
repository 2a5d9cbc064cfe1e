#include "bot/cost/costed_llm_client.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>
#include <vector>

#include "tests/support/run_loop.hpp"
#include "tests/support/scripted_llm_client.hpp"

namespace dq::cost {
namespace {

namespace asio = boost::asio;

// $0.10 an input token, $1 an output token: a request of one message "hi" (4 tokens of framing + 1) with
// max_tokens 10 has a worst case of 5 x 0.10 + 10 x 1 = $10.50.
PriceTable prices() {
  auto t = PriceTable::parse(R"({"format_version": 1, "as_of": "2026-01-01", "models": [
      {"provider": "anthropic", "model": "m", "input_per_mtok": 100000, "output_per_mtok": 1000000,
       "cache_write_5m_per_mtok": 0, "cache_write_1h_per_mtok": 0, "cache_read_per_mtok": 0}]})",
                             "test-prices.json");
  EXPECT_TRUE(t.has_value()) << t.error().to_string();
  return *t;
}

llm::Request request(int max_tokens = 10, std::string model = "m") {
  llm::Request r;
  r.provider = "anthropic";
  r.model = std::move(model);
  r.max_tokens = max_tokens;
  r.messages = {{"user", "hi"}};
  return r;
}
constexpr double kWorst = 10.5;

// Passes every call to a ScriptedLlmClient, noting what the budget held at the moment the call was made, and
// optionally stamping a provider-reported cost on the reply (as OpenRouter does).
class ObservedLlmClient final : public llm::LlmClient {
 public:
  ObservedLlmClient(testing::ScriptedLlmClient& inner, const Budget& budget)
      : inner_(inner), budget_(budget) {}

  asio::awaitable<core::Result<llm::Response>> complete(const llm::Request& r) override {
    reserved_at_call.push_back(budget_.reserved());
    spent_at_call.push_back(budget_.spent());
    auto op = inner_.complete(r);
    auto response = co_await std::move(op);
    if (response && reported_cost) response->cost_usd = *reported_cost;
    co_return response;
  }

  std::vector<double> reserved_at_call, spent_at_call;
  std::optional<double> reported_cost;

 private:
  testing::ScriptedLlmClient& inner_;
  const Budget& budget_;
};

struct CostedLlmClientTest : ::testing::Test {
  asio::io_context io;
  PriceTable table = prices();
  testing::ScriptedLlmClient scripted;
  Budget budget{100.0};
  ObservedLlmClient observed{scripted, budget};
  CostedLlmClient client{observed, table, &budget, /*strict=*/true};

  core::Result<llm::Response> call(const llm::Request& r) {
    return testing::run_to_completion(io, client.complete(r));
  }
};

TEST_F(CostedLlmClientTest, ReservesTheWorstCaseBeforeTheCallIsMade) {
  scripted.reply("ok", 5, 3);
  auto r = request();
  ASSERT_TRUE(call(r).has_value());
  ASSERT_EQ(observed.reserved_at_call.size(), 1u);
  EXPECT_DOUBLE_EQ(observed.reserved_at_call[0], kWorst)
      << "input estimate x input price + max_tokens x output price";
  EXPECT_DOUBLE_EQ(observed.spent_at_call[0], 0.0);
}

TEST_F(CostedLlmClientTest, SettlesWithTheRealCostFromUsageAndPutsItOnTheResponse) {
  scripted.reply("ok", 7, 3);  // 7 x 0.10 + 3 x 1 = 3.70
  auto r = request();
  auto response = call(r);
  ASSERT_TRUE(response.has_value()) << response.error().to_string();
  EXPECT_DOUBLE_EQ(response->cost_usd, 3.7);
  EXPECT_DOUBLE_EQ(budget.spent(), 3.7);
  EXPECT_DOUBLE_EQ(budget.reserved(), 0.0) << "the worst case is no longer held";
}

TEST_F(CostedLlmClientTest, SettlesWithTheProvidersOwnCostWhenItReportsOne) {
  scripted.reply("ok", 7, 3);
  observed.reported_cost = 0.25;
  auto r = request();
  auto response = call(r);
  ASSERT_TRUE(response.has_value());
  EXPECT_DOUBLE_EQ(response->cost_usd, 0.25);
  EXPECT_DOUBLE_EQ(budget.spent(), 0.25);
}

TEST_F(CostedLlmClientTest, ReleasesTheReservationWhenTheCallFailsAndPassesTheErrorOn) {
  scripted.fail({"llm.http_529", "anthropic", "overloaded"});
  auto r = request();
  auto response = call(r);
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, "llm.http_529");
  EXPECT_DOUBLE_EQ(budget.spent(), 0.0);
  EXPECT_DOUBLE_EQ(budget.reserved(), 0.0);
}

TEST(CostedLlmClient, RefusesACallWhoseWorstCaseWouldCrossTheCapWithoutMakingIt) {
  asio::io_context io;
  PriceTable table = prices();
  testing::ScriptedLlmClient scripted;
  scripted.reply("first", 5, 10);  // costs exactly the worst case, $10.50
  scripted.reply("never sent", 5, 1);
  Budget budget(20.0);
  CostedLlmClient client(scripted, table, &budget, true);
  auto r = request();

  ASSERT_TRUE(testing::run_to_completion(io, client.complete(r)).has_value());
  auto refused = testing::run_to_completion(io, client.complete(r));  // 10.50 + 10.50 > 20
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "cost.budget_exceeded");
  EXPECT_NE(refused.error().message.find("$20.0000"), std::string::npos) << refused.error().message;
  EXPECT_EQ(scripted.requests.size(), 1u) << "the refused call never reached the provider";
  EXPECT_EQ(budget.refused(), 1);
  EXPECT_DOUBLE_EQ(budget.spent(), 10.5);
}

TEST(CostedLlmClient, ACallWhoseWorstCaseLandsExactlyOnTheCapIsMade) {
  asio::io_context io;
  PriceTable table = prices();
  testing::ScriptedLlmClient scripted;
  scripted.reply("ok", 5, 10);
  Budget budget(kWorst);
  CostedLlmClient client(scripted, table, &budget, true);
  auto r = request();
  EXPECT_TRUE(testing::run_to_completion(io, client.complete(r)).has_value());
  EXPECT_EQ(budget.refused(), 0);
}

TEST(CostedLlmClient, AnUnknownModelIsRefusedWhenStrictAndSentUnpricedOtherwise) {
  asio::io_context io;
  PriceTable table = prices();
  testing::ScriptedLlmClient scripted;
  scripted.reply("ok");
  Budget budget(1.0);
  auto r = request(10, "not-in-the-table");

  CostedLlmClient strict(scripted, table, &budget, true);
  auto refused = testing::run_to_completion(io, strict.complete(r));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "cost.unknown_model");
  EXPECT_TRUE(scripted.requests.empty());

  CostedLlmClient lenient(scripted, table, &budget, false);
  auto sent = testing::run_to_completion(io, lenient.complete(r));
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->cost_usd, 0.0);
  EXPECT_EQ(scripted.requests.size(), 1u);
}

// Holds every call it gets until the gate opens, counting how many are in flight at once and the most the
// budget held (spent + reserved) while any was.
class GatedLlmClient final : public llm::LlmClient {
 public:
  GatedLlmClient(asio::io_context& io, testing::ScriptedLlmClient& inner, const Budget& budget)
      : gate(io, asio::steady_timer::time_point::max()), inner_(inner), budget_(budget) {}

  asio::awaitable<core::Result<llm::Response>> complete(const llm::Request& r) override {
    ++in_flight;
    peak_in_flight = std::max(peak_in_flight, in_flight);
    peak_committed = std::max(peak_committed, budget_.spent() + budget_.reserved());
    boost::system::error_code ignored;
    co_await gate.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    --in_flight;
    auto op = inner_.complete(r);
    co_return co_await std::move(op);
  }

  asio::steady_timer gate;
  int in_flight = 0, peak_in_flight = 0;
  double peak_committed = 0;

 private:
  testing::ScriptedLlmClient& inner_;
  const Budget& budget_;
};

TEST(CostedLlmClient, FiftyCallsInFlightAtOnceNeverCommitMoreThanTheCap) {
  constexpr int kCalls = 50;
  asio::io_context io;
  PriceTable table = prices();
  testing::ScriptedLlmClient scripted;
  for (int i = 0; i < kCalls; ++i) scripted.reply("ok", 5, 2);  // $2.50 each, worst case $10.50
  Budget budget(20 * kWorst);                                   // room for 20 worst cases
  GatedLlmClient gated(io, scripted, budget);
  CostedLlmClient client(gated, table, &budget, true);
  const auto r = request();

  int made = 0, refused = 0, other = 0;
  for (int i = 0; i < kCalls; ++i) {
    asio::co_spawn(io, client.complete(r), [&](std::exception_ptr e, core::Result<llm::Response> response) {
      if (e) std::rethrow_exception(e);
      if (response) {
        ++made;
      } else if (response.error().code == "cost.budget_exceeded") {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  // Spawned after the 50, so it runs once each of them has reserved (or been refused) and is waiting.
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        gated.gate.cancel();
        co_return;
      },
      [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  io.run();

  EXPECT_EQ(gated.peak_in_flight, 20) << "every call the cap had room for was in flight at once";
  EXPECT_LE(gated.peak_committed, 20 * kWorst);
  EXPECT_EQ(made, 20);
  EXPECT_EQ(refused, kCalls - 20);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(budget.refused(), kCalls - 20);
  EXPECT_DOUBLE_EQ(budget.spent(), 20 * 2.5);
  EXPECT_DOUBLE_EQ(budget.reserved(), 0.0);
}

}  // namespace
}  // namespace dq::cost
