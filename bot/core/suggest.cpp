#include "bot/core/suggest.hpp"

#include <algorithm>

namespace dq::core {

int edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

std::string closest(std::string_view typed, const std::vector<std::string>& candidates, int max_edits) {
  std::string best;
  int best_distance = max_edits + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t longer = std::max(typed.size(), candidate.size());
    if (longer - std::min(typed.size(), candidate.size()) >= static_cast<std::size_t>(best_distance))
      continue;  // the lengths alone are too far apart
    if (const int d = edit_distance(typed, candidate); d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view typed, const std::vector<std::string>& candidates, int max_edits) {
  const std::string best = closest(typed, candidates, max_edits);
  return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}

}  // namespace dq::core
