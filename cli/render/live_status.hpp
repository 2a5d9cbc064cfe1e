#pragma once
// The one status line `dealquest-test run` keeps at the bottom of a terminal while it runs (redrawn in place
// by cli/commands/status_line): scenarios done of total, passed, failed, LLM calls, spend so far (against
// the cap when there is one) and the time since the run started. Pure: counts in, text out.

#include <cstdint>
#include <optional>
#include <string>

namespace dq::render {

struct LiveCounts {
  int done = 0, total = 0;  // scenario runs (a scenario repeated N times counts N)
  int passed = 0, failed = 0;
  int llm_calls = 0;
  double spent_usd = 0;
  std::optional<double> cap_usd = {};  // live runs: the budget cap
  std::int64_t elapsed_us = 0;
};

// "3/7 scenarios · 2 passed · 1 failed · 14 calls · $0.0123 of $0.50 cap · 12.3 s"
std::string live_status_line(const LiveCounts& counts);

}  // namespace dq::render
