#pragma once
// How many LLM calls a run has answered so far and what they cost, readable from another thread while the
// run goes on (the live status line). `tallying` wraps a run's LLM factory: every client it makes counts
// its answered calls here.

#include <atomic>
#include <cstdint>

#include "bot/scenario/llm_factory.hpp"

namespace dq::harness {

class LlmTally {
 public:
  void add(double cost_usd) {
    calls_.fetch_add(1, std::memory_order_relaxed);
    nano_usd_.fetch_add(static_cast<std::int64_t>(cost_usd * 1e9 + 0.5), std::memory_order_relaxed);
  }
  int calls() const { return calls_.load(std::memory_order_relaxed); }
  double cost_usd() const { return static_cast<double>(nano_usd_.load(std::memory_order_relaxed)) / 1e9; }

 private:
  std::atomic<int> calls_{0};
  std::atomic<std::int64_t> nano_usd_{0};
};

// The clients `inner` makes, each counting its answered calls (and their cost) in `tally`, which must
// outlive them.
scenario::LlmFactory tallying(scenario::LlmFactory inner, LlmTally& tally);

}  // namespace dq::harness
