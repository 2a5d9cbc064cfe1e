// The budget cap is a true bound against a provider that bills every call at the most it can (usage exactly
// at llm::input_token_bound and max_tokens, or an OpenRouter-style reported cost at the table price), with a
// share of attempts timing out after they arrived (billed at their worst case): at concurrency 50, over 200
// runs with random caps and prompts, the spend never ends above the cap. A gate that reserves the old bytes/4
// guess is run against the same provider as a control: it does end above the cap, so the test can fail.

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <random>

#include "bot/cost/cost_errors.hpp"
#include "bot/cost/cost_gate.hpp"
#include "bot/llm/provider_llm_client.hpp"
#include "tests/support/bound_usage_http_client.hpp"

namespace dq::cost {
namespace {

namespace asio = boost::asio;

PriceTable haiku() {
  auto t = PriceTable::builtin();
  EXPECT_TRUE(t.has_value());
  return *t;
}

// What the gate reserved before this issue: input guessed at bytes/4. Kept here only as the control.
class GuessingGate final : public llm::AttemptGate {
 public:
  GuessingGate(const PriceTable& prices, Budget& budget) : prices_(prices), budget_(budget) {}
  core::Result<llm::AttemptTicket> open(const llm::Request& r) override {
    TokenCounts t;
    t.input = llm::estimate_input_tokens(r);
    t.output = r.max_tokens;
    auto reservation = budget_.reserve(cost_usd(*prices_.find(r.provider, r.model), t));
    if (!reservation) return core::fail(errc::budget_exceeded, "", "cap");
    return llm::AttemptTicket{reservation->id, reservation->amount};
  }
  void close(const llm::AttemptTicket& t, const llm::Request& r, llm::Response* answered,
             bool maybe_billed) override {
    CostGate(prices_, &budget_, true).close(t, r, answered, maybe_billed);
  }

 private:
  const PriceTable& prices_;
  Budget& budget_;
};

// Text real tokenizers find dear: digits, JSON, and words outside English.
std::string dear_text(std::mt19937& rng) {
  static const char* kParts[] = {"4,815,162,342 ", "{\"offer\": [12, 7.5, null]} ",
                                 "Цена — 25 000 ₽. ", "価格は二千円です。",
                                 "I can do $17,500 if you pay today. "};
  std::string s;
  for (int n = std::uniform_int_distribution(5, 60)(rng); n > 0; --n) s += kParts[rng() % 5];
  return s;
}

struct RunResult {
  double spent = 0, cap = 0;
  int refused = 0;
};

enum class Style { anthropic, openrouter };

// 50 callers, each sending calls of random prompts until the budget refuses one.
RunResult run_once(std::uint32_t seed, Style style, bool guessing) {
  std::mt19937 rng(seed);
  const PriceTable table = haiku();
  const std::string provider = style == Style::anthropic ? "anthropic" : "openrouter";
  const std::string model = style == Style::anthropic ? "claude-haiku-4-5" : "anthropic/claude-haiku-4.5";
  const ModelPrice* price = table.find(provider, model);
  EXPECT_NE(price, nullptr) << provider << "/" << model;
  RunResult result;
  result.cap = std::uniform_real_distribution(0.02, 0.5)(rng);
  Budget budget(result.cap);
  CostGate gate(table, &budget, true);
  GuessingGate guess(table, budget);
  std::function<double(std::int64_t, std::int64_t)> reported;
  if (style == Style::openrouter)
    reported = [price](std::int64_t in, std::int64_t out) { return cost_usd(*price, {in, out, 0, 0, 0}); };
  testing::BoundUsageHttpClient http(seed, 0.1, reported);
  llm::ProviderLlmClient client(
      http, {provider, "http://127.0.0.1:9", "k", "2023-06-01", std::chrono::seconds(5)},
      {4, std::chrono::milliseconds(1), std::chrono::milliseconds(2), 0.25, std::chrono::seconds(5)},
      guessing ? static_cast<llm::AttemptGate*>(&guess) : &gate);

  asio::io_context io;
  for (int caller = 0; caller < 50; ++caller) {
    llm::Request r;
    r.provider = provider;
    r.model = model;
    r.max_tokens = std::uniform_int_distribution(50, 800)(rng);
    r.system = dear_text(rng);
    for (int m = std::uniform_int_distribution(1, 8)(rng); m > 0; --m)
      r.messages.push_back({m % 2 ? "user" : "assistant", dear_text(rng)});
    asio::co_spawn(
        io,
        [&client, r]() -> asio::awaitable<void> {
          for (;;) {
            auto op = client.complete(r);
            auto answer = co_await std::move(op);
            if (!answer && answer.error().code == errc::budget_exceeded) co_return;
          }
        },
        asio::detached);
  }
  io.run();
  result.spent = budget.spent();
  result.refused = budget.refused();
  EXPECT_DOUBLE_EQ(budget.reserved(), 0.0);
  return result;
}

TEST(CapBound, AtConcurrencyFiftyOverTwoHundredRunsTheSpendNeverEndsAboveTheCap) {
  double worst_ratio = 0;
  for (std::uint32_t run = 0; run < 200; ++run) {
    const RunResult r = run_once(run, run % 2 ? Style::openrouter : Style::anthropic, false);
    ASSERT_GT(r.refused, 0) << "run " << run << " never reached its cap, so it proves nothing";
    ASSERT_LE(r.spent, r.cap) << "run " << run << ": spent " << r.spent << " of a cap of " << r.cap;
    worst_ratio = std::max(worst_ratio, r.spent / r.cap);
  }
  std::printf("cap bound: 200 runs at concurrency 50, max spend / cap = %.4f\n", worst_ratio);
  RecordProperty("max_spend_over_cap", std::to_string(worst_ratio));
}

TEST(CapBound, ReservingTheOldBytesOverFourGuessEndsAboveTheCapAgainstTheSameProvider) {
  double worst_ratio = 0;
  for (std::uint32_t run = 0; run < 20; ++run)
    worst_ratio = std::max(worst_ratio, [&] {
      const RunResult r = run_once(run, Style::anthropic, true);
      return r.spent / r.cap;
    }());
  std::printf("control (bytes/4 reservation): 20 runs, max spend / cap = %.4f\n", worst_ratio);
  EXPECT_GT(worst_ratio, 1.0) << "the control should show the gap the byte bound closes";
}

}  // namespace
}  // namespace dq::cost
