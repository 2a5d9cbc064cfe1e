#pragma once
// Nearest-rank percentiles (the p-th percentile is the smallest value with at least p% of the values at or
// below it), so every reported latency is one that was actually measured. An empty input gives 0.

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace dq::query {

struct Percentiles {
  std::int64_t p50 = 0;
  std::int64_t p95 = 0;
  std::int64_t p99 = 0;
};

// `sorted` ascending; `percent` in 1..100 (values outside are clamped). Empty → 0.
std::int64_t nearest_rank(std::span<const std::int64_t> sorted, int percent);

// Sorts its (copied or moved) input.
Percentiles percentiles(std::vector<std::int64_t> values);

// The same over (value, how many) pairs, in any order; pairs with a count of 0 or less are ignored.
Percentiles weighted_percentiles(std::vector<std::pair<std::int64_t, std::int64_t>> values);

}  // namespace dq::query
