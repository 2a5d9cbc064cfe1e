#pragma once
// A provider that bills every call at the most it can: it decodes the request it is sent (Anthropic Messages
// or OpenAI-compatible), reports input tokens exactly at llm::input_token_bound and output tokens at
// max_tokens, and, like OpenRouter, can report its own cost at the price table's rate. It can also time out a
// share of attempts after the request arrived (billed, as a real provider may). Each answer waits a random
// 0-2 ms on a timer, so calls in flight interleave. For the tests that hold the budget cap to be a true
// bound.

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>

#include "bot/http/http_client.hpp"
#include "bot/llm/llm_types.hpp"

namespace dq::testing {

class BoundUsageHttpClient final : public http::HttpClient {
 public:
  // `reported_cost`: given the tokens billed (input, output), the cost an OpenRouter-style answer reports;
  // unset: an Anthropic-style answer (usage only). `timeout_share`: 0..1 of attempts that time out.
  BoundUsageHttpClient(std::uint32_t seed, double timeout_share = 0,
                       std::function<double(std::int64_t, std::int64_t)> reported_cost = {})
      : rng_(seed), timeout_share_(timeout_share), reported_cost_(std::move(reported_cost)) {}

  boost::asio::awaitable<core::Result<http::Response>> send(http::Request request) override {
    auto ex = co_await boost::asio::this_coro::executor;
    boost::asio::steady_timer timer(ex,
                                    std::chrono::microseconds(std::uniform_int_distribution(0, 2000)(rng_)));
    co_await timer.async_wait(boost::asio::use_awaitable);
    ++attempts;
    if (std::uniform_real_distribution(0.0, 1.0)(rng_) < timeout_share_) {
      ++timeouts;
      co_return core::fail("http.timeout", "", "no answer in time (scripted)");
    }
    const auto body = nlohmann::json::parse(request.body);
    llm::Request asked;
    asked.max_tokens = body.at("max_tokens").get<int>();
    asked.system = body.value("system", "");
    for (const auto& m : body.at("messages")) {
      if (m.at("role") == "system")
        asked.system = m.at("content").get<std::string>();
      else
        asked.messages.push_back({m.at("role").get<std::string>(), m.at("content").get<std::string>()});
    }
    const std::int64_t in = llm::input_token_bound(asked), out = asked.max_tokens;
    nlohmann::json answer;
    if (reported_cost_) {
      answer = {
          {"model", body.at("model")},
          {"choices",
           {{{"message", {{"role", "assistant"}, {"content", "ok"}}}, {"finish_reason", "length"}}}},
          {"usage", {{"prompt_tokens", in}, {"completion_tokens", out}, {"cost", reported_cost_(in, out)}}}};
    } else {
      answer = {{"type", "message"},
                {"model", body.at("model")},
                {"content", {{{"type", "text"}, {"text", "ok"}}}},
                {"stop_reason", "max_tokens"},
                {"usage", {{"input_tokens", in}, {"output_tokens", out}}}};
    }
    http::Response r;
    r.status = 200;
    r.body = answer.dump();
    co_return r;
  }

  int attempts = 0, timeouts = 0;

 private:
  std::mt19937 rng_;
  double timeout_share_;
  std::function<double(std::int64_t, std::int64_t)> reported_cost_;
};

}  // namespace dq::testing
