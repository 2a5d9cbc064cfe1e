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

Percentiles weighted_percentiles(std::vector<std::pair<std::int64_t, std::int64_t>> values) {
  std::erase_if(values, [](const auto& v) { return v.second <= 0; });
  std::sort(values.begin(), values.end());
  std::int64_t n = 0;
  for (const auto& v : values) n += v.second;
  auto at = [&](std::int64_t p) -> std::int64_t {
    if (n == 0) return 0;
    const std::int64_t rank = (p * n + 99) / 100;  // as nearest_rank
    std::int64_t seen = 0;
    for (const auto& [value, count] : values)
      if ((seen += count) >= rank) return value;
    return values.back().first;
  };
  return {at(50), at(95), at(99)};
}

}  // namespace dq::query
