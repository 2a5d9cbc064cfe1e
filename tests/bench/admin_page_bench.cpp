// Times the /admin traces page query (trace_page: count + one page) on an existing store: the first page,
// a middle one and the last, each the median of 21 runs, in milliseconds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "bot/query/trace_views.hpp"
#include "bot/store/open_trace_store.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: dq_admin_page_bench STORE (a file or a postgresql:// URI)\n");
    return 2;
  }
  auto store = dq::store::open_trace_store(argv[1]);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().to_string().c_str());
    return 3;
  }
  auto first = dq::query::trace_page(**store, 1);
  if (!first) {
    std::fprintf(stderr, "%s\n", first.error().to_string().c_str());
    return 3;
  }
  const int pages = first->pages;
  auto median_ms = [&](int page) {
    std::vector<double> ms;
    for (int i = 0; i < 21; ++i) {
      const auto t = std::chrono::steady_clock::now();
      auto p = dq::query::trace_page(**store, page);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
      if (!p || p->rows.size() != 10) return -1.0;
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
  };
  std::printf("traces %lld\npages %d\npage_first_ms %.2f\npage_middle_ms %.2f\npage_last_ms %.2f\n",
              static_cast<long long>(first->total), pages, median_ms(1), median_ms(pages / 2),
              median_ms(pages));
  // /admin stats: one run per window (the hourly rollup, and the spans before its first whole hour).
  const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  for (auto [label, hours] : {std::pair{"stats_24h_ms", 24}, std::pair{"stats_7d_ms", 24 * 7}}) {
    const auto t = std::chrono::steady_clock::now();
    auto w = dq::query::window_stats(**store, now, std::chrono::hours(hours), label);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
    std::printf("%s %.1f\n", label, w ? ms : -1.0);
  }
  return 0;
}
