#pragma once
// An LlmClient that answers from a queue of scripted results, records every request, and advances a
// FakeClock by a set latency per call (so span durations in tests are exact).

#include <deque>
#include <vector>

#include "bot/llm/llm_client.hpp"
#include "tests/support/fake_clock.hpp"

namespace dq::testing {

class ScriptedLlmClient final : public llm::LlmClient {
 public:
  explicit ScriptedLlmClient(FakeClock* clock = nullptr, std::int64_t latency_us = 0)
      : clock_(clock), latency_us_(latency_us) {}

  void reply(std::string text, std::int64_t input_tokens = 100, std::int64_t output_tokens = 20) {
    llm::Response r;
    r.text = std::move(text);
    r.model = "scripted-model";
    r.stop_reason = "end_turn";
    r.usage.input_tokens = input_tokens;
    r.usage.output_tokens = output_tokens;
    results_.push_back(std::move(r));
  }
  void fail(core::Error error) { results_.push_back(std::unexpected(std::move(error))); }

  boost::asio::awaitable<core::Result<llm::Response>> complete(const llm::Request& request) override {
    requests.push_back(request);
    if (clock_) clock_->advance_us(latency_us_);
    if (results_.empty()) co_return core::fail("llm.script_exhausted", "", "no scripted reply left");
    auto r = std::move(results_.front());
    results_.pop_front();
    co_return r;
  }

  std::vector<llm::Request> requests;

 private:
  FakeClock* clock_;
  std::int64_t latency_us_;
  std::deque<core::Result<llm::Response>> results_;
};

}  // namespace dq::testing
