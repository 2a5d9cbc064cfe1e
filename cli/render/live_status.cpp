#include "cli/render/live_status.hpp"

#include <cstdio>

#include "cli/render/style.hpp"

namespace dq::render {

std::string live_status_line(const LiveCounts& c) {
  std::string line = std::to_string(c.done) + "/" + std::to_string(c.total) + " scenarios · " +
                     std::to_string(c.passed) + " passed · " + std::to_string(c.failed) + " failed · " +
                     format_count(c.llm_calls) + (c.llm_calls == 1 ? " call · " : " calls · ") +
                     format_usd(c.spent_usd);
  if (c.cap_usd) {
    char cap[64];
    std::snprintf(cap, sizeof cap, " of $%.2f cap", *c.cap_usd);
    line += cap;
  }
  return line + " · " + format_duration_us(c.elapsed_us);
}

}  // namespace dq::render
