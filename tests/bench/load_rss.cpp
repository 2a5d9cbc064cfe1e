#include "tests/bench/load_rss.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace dq::bench {

std::int64_t proc_status_kb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with(field + ":")) continue;
    std::istringstream words(line.substr(field.size() + 1));
    std::int64_t kb = -1;
    words >> kb;
    return kb;
  }
  return -1;
}

RssSampler::RssSampler(pid_t pid, std::chrono::milliseconds every) : pid_(pid) {
  thread_ = std::thread([this, every] {
    const auto start = std::chrono::steady_clock::now();
    auto next = start;
    while (!stopping_) {
      const std::int64_t kb = proc_status_kb(pid_, "VmRSS");
      if (kb < 0) break;  // the process is gone
      samples_.push_back(
          {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), kb});
      hwm_kb_ = std::max(hwm_kb_, proc_status_kb(pid_, "VmHWM"));
      next += every;
      while (!stopping_ && std::chrono::steady_clock::now() < next)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
}

RssSampler::~RssSampler() {
  stop();
}

void RssSampler::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

RssSummary summarize(const std::vector<RssSample>& samples, double run_seconds, std::int64_t hwm_kb) {
  const double w = run_seconds >= 180 ? 60.0 : run_seconds / 3;
  RssSummary s;
  s.early = {w, 2 * w, 0, 0, 0};
  s.late = {run_seconds - w, run_seconds, 0, 0, 0};
  s.hwm_kb = hwm_kb;
  for (RssWindow* win : {&s.early, &s.late}) {
    double sum = 0;
    for (const RssSample& r : samples) {
      if (r.second < win->from || r.second >= win->to) continue;
      win->max_kb = std::max(win->max_kb, r.kb);
      sum += static_cast<double>(r.kb);
      ++win->samples;
    }
    win->mean_kb = win->samples > 0 ? sum / win->samples : 0;
  }
  for (const RssSample& r : samples) s.peak_kb = std::max(s.peak_kb, r.kb);
  s.ratio = s.early.max_kb > 0 ? static_cast<double>(s.late.max_kb) / static_cast<double>(s.early.max_kb) : 0;
  return s;
}

}  // namespace dq::bench
