#pragma once
// The bot's resident memory over a load run (dq_load_bench): VmRSS from /proc/<pid>/status once a second,
// on a thread of its own, and what the issue asks of it: flat, the last minute within 10% of the second.

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace dq::bench {

struct RssSample {
  double second = 0;  // since sampling began
  std::int64_t kb = 0;
};

struct RssWindow {
  double from = 0, to = 0;  // seconds
  std::int64_t max_kb = 0;
  double mean_kb = 0;
  int samples = 0;
};

struct RssSummary {
  RssWindow early, late;     // the second minute and the last one (shorter runs: the 2nd and 3rd third)
  std::int64_t peak_kb = 0;  // the largest sample
  std::int64_t hwm_kb = 0;   // VmHWM: the kernel's own peak, between samples too
  double ratio = 0;          // late.max_kb / early.max_kb
};

// One field of /proc/<pid>/status in kB ("VmRSS", "VmHWM"), or -1.
std::int64_t proc_status_kb(pid_t pid, const std::string& field);

class RssSampler {
 public:
  explicit RssSampler(pid_t pid, std::chrono::milliseconds every = std::chrono::seconds(1));
  ~RssSampler();  // stops
  RssSampler(const RssSampler&) = delete;
  RssSampler& operator=(const RssSampler&) = delete;

  void stop();                                                        // idempotent; reads VmHWM one last time
  const std::vector<RssSample>& samples() const { return samples_; }  // after stop()
  std::int64_t hwm_kb() const { return hwm_kb_; }

 private:
  pid_t pid_;
  std::atomic<bool> stopping_{false};
  std::vector<RssSample> samples_;
  std::int64_t hwm_kb_ = 0;
  std::thread thread_;
};

// Windows of a minute when the run is 3 minutes or longer, else of a third of it.
RssSummary summarize(const std::vector<RssSample>& samples, double run_seconds, std::int64_t hwm_kb);

}  // namespace dq::bench
