#pragma once
// Where a page of /admin traces (newest first) starts, for every backend: from the number of traces per UTC
// day (`trace_days`, kept by each store as it writes and prunes), the index walk starts at the end of the
// page's first day or at its start, whichever is nearer. So it skips at most half a day's traces, where
// walking from the newest or the oldest trace of the store would skip up to half the store.

#include <cstdint>
#include <optional>
#include <span>
#include <utility>

namespace dq::store {

inline constexpr std::int64_t kTraceDayMs = 86'400'000;

struct PageWalk {
  bool newest_first = true;  // start_ms < bound_ms, newest first; else start_ms >= bound_ms, oldest first
  std::int64_t bound_ms = 0;
  std::int64_t skip = 0;  // rows to pass over along the walk before the page's
};

// `days`: (day, traces) with day = start_ms / kTraceDayMs, oldest day first. nullopt: the page is past the
// last trace. A walk oldest first lies within one day; the rows it reads come out reversed.
inline std::optional<PageWalk> page_walk(std::span<const std::pair<std::int64_t, std::int64_t>> days,
                                         std::int64_t offset, std::int64_t limit) {
  std::int64_t newer = 0;  // traces in the days after the one the page starts in
  for (auto day = days.rbegin(); day != days.rend(); ++day) {
    const auto [d, traces] = *day;
    if (offset >= newer + traces) {
      newer += traces;
      continue;
    }
    const std::int64_t into = offset - newer;  // the page's first trace: this many after the day's newest
    if (into <= traces / 2 || into + limit > traces) return PageWalk{true, (d + 1) * kTraceDayMs, into};
    return PageWalk{false, d * kTraceDayMs, traces - into - limit};
  }
  return std::nullopt;
}

}  // namespace dq::store
