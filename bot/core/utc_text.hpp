#pragma once
// Wall times as people and files read them, always in UTC.

#include <cstdint>
#include <string>

namespace dq::core {

// `epoch_ms` formatted by strftime's `format` in UTC: "%Y-%m-%d" (a budget day), "%Y-%m-%d %H:%M:%S" (views),
// "%Y-%m-%dT%H:%M:%SZ" (cassettes).
std::string utc_text(std::int64_t epoch_ms, const char* format);

}  // namespace dq::core
