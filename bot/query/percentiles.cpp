#include "bot/query/percentiles.hpp"

#include <algorithm>

namespace dq::query {

std::int64_t nearest_rank(std::span<const std::int64_t> sorted, int percent) {
  if (sorted.empty()) return 0;
  const auto n = static_cast<std::int64_t>(sorted.size());
  const std::int64_t p = std::clamp(percent, 1, 100);
  // rank = ceil(p/100 * n), in integers so 95% of 20 is exactly 19.
  const std::int64_t rank = (p * n + 99) / 100;
  return sorted[static_cast<std::size_t>(rank - 1)];
}

Percentiles percentiles(std::vector<std::int64_t> values) {
  std::sort(values.begin(), values.end());
  return {nearest_rank(values, 50), nearest_rank(values, 95), nearest_rank(values, 99)};
}

}  // namespace dq::query
