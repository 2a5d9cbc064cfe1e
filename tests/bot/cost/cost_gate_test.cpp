#include "bot/cost/cost_gate.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "bot/llm/provider_llm_client.hpp"
#include "tests/support/run_loop.hpp"
#include "tests/support/scripted_http_client.hpp"

namespace dq::cost {
namespace {

namespace asio = boost::asio;

// $0.10 an input token, $1 an output token. A request of one message "hi" with max_tokens 10 is bounded at
// 64 + 16 + 2 = 82 input tokens, so its worst case is 82 x 0.10 + 10 x 1 = $18.20.
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
constexpr double kWorst = 18.2;

llm::Response answered(std::int64_t in, std::int64_t out) {
  llm::Response r;
  r.text = "ok";
  r.usage.input_tokens = in;
  r.usage.output_tokens = out;
  return r;
}

TEST(CostGate, TheWorstCaseIsTheByteBoundOfTheInputPlusMaxTokensAtTheDearestInputRate) {
  const PriceTable table = prices();
  EXPECT_DOUBLE_EQ(worst_case_usd(*table.find("anthropic", "m"), request()), kWorst);
  ModelPrice cached = *table.find("anthropic", "m");
  cached.cache_write_1h_per_mtok = 200000;  // $0.20 a token written to the cache
  EXPECT_DOUBLE_EQ(worst_case_usd(cached, request()), 82 * 0.2 + 10);
}

TEST(CostGate, ReservesTheWorstCaseBeforeAnAttemptAndSettlesWithTheRealCostAfter) {
  const PriceTable table = prices();
  Budget budget(100.0);
  CostGate gate(table, &budget, true);
  const auto r = request();
  auto ticket = gate.open(r);
  ASSERT_TRUE(ticket.has_value()) << ticket.error().to_string();
  EXPECT_DOUBLE_EQ(ticket->reserved_usd, kWorst);
  EXPECT_DOUBLE_EQ(budget.reserved(), kWorst);

  auto reply = answered(7, 3);  // 7 x 0.10 + 3 x 1 = 3.70
  gate.close(*ticket, r, &reply, false);
  EXPECT_DOUBLE_EQ(reply.cost_usd, 3.7) << "the cost is put on the response";
  EXPECT_DOUBLE_EQ(budget.spent(), 3.7);
  EXPECT_DOUBLE_EQ(budget.reserved(), 0.0);
}

TEST(CostGate, SettlesWithTheProvidersOwnCostWhenItReportsOne) {
  const PriceTable table = prices();
  Budget budget(100.0);
  CostGate gate(table, &budget, true);
  const auto r = request();
  auto ticket = gate.open(r);
  ASSERT_TRUE(ticket.has_value());
  auto reply = answered(7, 3);
  reply.cost_usd = 0.25;
  gate.close(*ticket, r, &reply, false);
  EXPECT_DOUBLE_EQ(budget.spent(), 0.25);
}

TEST(CostGate, AFailedAttemptThatMayHaveBeenBilledCostsItsWorstCaseAndOneThatWasNotCostsNothing) {
  const PriceTable table = prices();
  Budget budget(100.0);
  CostGate gate(table, &budget, true);
  const auto r = request();
  auto refused = gate.open(r);
  ASSERT_TRUE(refused.has_value());
  gate.close(*refused, r, nullptr, /*maybe_billed=*/false);
  EXPECT_DOUBLE_EQ(budget.spent(), 0.0);
  EXPECT_DOUBLE_EQ(budget.reserved(), 0.0);

  auto timed_out = gate.open(r);
  ASSERT_TRUE(timed_out.has_value());
  gate.close(*timed_out, r, nullptr, /*maybe_billed=*/true);
  EXPECT_DOUBLE_EQ(budget.spent(), kWorst);
  EXPECT_DOUBLE_EQ(budget.reserved(), 0.0);
}

TEST(CostGate, RefusesAnAttemptWhoseWorstCaseWouldCrossTheCapAndAdmitsOneLandingExactlyOnIt) {
  const PriceTable table = prices();
  Budget budget(2 * kWorst);
  CostGate gate(table, &budget, true);
  const auto r = request();
  auto first = gate.open(r), second = gate.open(r);
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(second.has_value()) << "exactly at the cap is allowed";
  auto third = gate.open(r);
  ASSERT_FALSE(third.has_value());
  EXPECT_EQ(third.error().code, "cost.budget_exceeded");
  EXPECT_NE(third.error().message.find("$36.4000"), std::string::npos) << third.error().message;
  EXPECT_EQ(budget.refused(), 1);
}

TEST(CostGate, AnUnknownModelIsRefusedWhenStrictAndPricedAtNothingOtherwise) {
  const PriceTable table = prices();
  Budget budget(1.0);
  const auto r = request(10, "not-in-the-table");
  CostGate strict(table, &budget, true);
  auto refused = strict.open(r);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "cost.unknown_model");

  CostGate lenient(table, nullptr, false);
  auto ticket = lenient.open(r);
  ASSERT_TRUE(ticket.has_value());
  auto reply = answered(7, 3);
  lenient.close(*ticket, r, &reply, false);
  EXPECT_EQ(reply.cost_usd, 0.0);
}

// Through the provider client: every attempt is gated on its own, so retries are paid for like calls.
struct GatedProvider : ::testing::Test {
  asio::io_context io;
  PriceTable table = prices();
  Budget budget{100.0};
  CostGate gate{table, &budget, true};
  testing::ScriptedHttpClient http;
  llm::ProviderLlmClient client{
      http,
      {"anthropic", "http://127.0.0.1:9", "sk-test", "2023-06-01", std::chrono::seconds(5)},
      {4, std::chrono::milliseconds(1), std::chrono::milliseconds(2), 0.0, std::chrono::seconds(5)},
      &gate};
  static constexpr const char* kOk =
      R"({"type":"message","model":"m","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn",
          "usage":{"input_tokens":7,"output_tokens":3}})";

  core::Result<llm::Response> call() { return testing::run_to_completion(io, client.complete(request())); }
};

TEST_F(GatedProvider, ATimedOutAttemptIsSettledAtItsWorstCaseAndTheRetryIsReservedAnew) {
  http.fail({"http.timeout", "", "slow"});
  http.respond(200, kOk);
  auto r = call();
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(http.requests.size(), 2u);
  EXPECT_DOUBLE_EQ(r->cost_usd, 3.7);
  EXPECT_DOUBLE_EQ(budget.spent(), kWorst + 3.7);
  EXPECT_DOUBLE_EQ(budget.reserved(), 0.0);
}

TEST_F(GatedProvider, OverloadedRateLimitedAndUnreachableAttemptsCostNothing) {
  http.respond(529, R"({"type":"error","error":{"type":"overloaded_error","message":"busy"}})");
  http.respond(429, R"({"type":"error","error":{"type":"rate_limit_error","message":"slow down"}})");
  http.respond(200, kOk);
  auto r = call();
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_DOUBLE_EQ(budget.spent(), 3.7);

  http.fail({"http.connect", "", "refused"});
  EXPECT_FALSE(call().has_value());
  EXPECT_DOUBLE_EQ(budget.spent(), 3.7) << "a request that never arrived is not billed";
  EXPECT_DOUBLE_EQ(budget.reserved(), 0.0);
}

TEST_F(GatedProvider, AServerErrorOrAnUnreadableSuccessMayHaveBeenBilled) {
  http.respond(500, R"({"type":"error","error":{"type":"api_error","message":"oops"}})");
  http.respond(200, "{not json");
  auto r = call();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(http.requests.size(), 2u) << "a malformed body is not retried";
  EXPECT_DOUBLE_EQ(budget.spent(), 2 * kWorst);
}

TEST_F(GatedProvider, ARefusedAttemptIsNeverSentAndEndsTheCallWithTheGatesError) {
  Budget tiny(1.0);
  CostGate strict(table, &tiny, true);
  llm::ProviderLlmClient capped(http, {"anthropic", "http://127.0.0.1:9", "k", "2023-06-01"}, {}, &strict);
  auto r = testing::run_to_completion(io, capped.complete(request()));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "cost.budget_exceeded");
  EXPECT_TRUE(http.requests.empty());
}

}  // namespace
}  // namespace dq::cost
