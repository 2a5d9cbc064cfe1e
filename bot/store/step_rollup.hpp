#pragma once
// The hourly per-step rollup behind `/admin stats` (TraceReader::step_window_since), for every backend:
// per hour (of span start), step name and duration bucket, how many spans, failures, tokens and cost.
// Buckets are 10% wide on a log scale, so percentiles read from them are within 5% of the measured ones;
// a 7-day window reads a few thousand rows instead of every span.

#include <cmath>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "bot/query/store_rows.hpp"
#include "bot/trace/span_record.hpp"

namespace dq::store {

inline constexpr std::int64_t kRollupHourMs = 3'600'000;
inline constexpr double kRollupBucketBase = 1.1;

// Also written in SQL (migrations.cpp's backfill): floor(ln(us) / ln(1.1)); -1 for 0 µs.
inline std::int64_t duration_bucket(std::int64_t us) {
  return us <= 0 ? -1
                 : static_cast<std::int64_t>(
                       std::floor(std::log(static_cast<double>(us)) / std::log(kRollupBucketBase)));
}

// The value a bucket stands for: its geometric midpoint.
inline std::int64_t bucket_value(std::int64_t bucket) {
  return bucket < 0 ? 0 : std::llround(std::pow(kRollupBucketBase, static_cast<double>(bucket) + 0.5));
}

// What one rollup row adds up.
struct RollupSum {
  std::int64_t spans = 0, errors = 0, input_tokens = 0, output_tokens = 0;
  double cost_usd = 0;
};
// (hour, step name, duration bucket); the names point into the spans summed.
using RollupKey = std::tuple<std::int64_t, std::string_view, std::int64_t>;

// A batch's spans summed by hour, step and duration bucket: the few rows a writer adds to step_rollup, in
// key order (two writers adding to the same rows take their locks in the same order).
inline std::map<RollupKey, RollupSum> rollup_of(std::span<const trace::SpanRecord> spans) {
  std::map<RollupKey, RollupSum> sums;
  for (const trace::SpanRecord& s : spans) {
    RollupSum& sum = sums[{s.start_ms / kRollupHourMs, s.name, duration_bucket(s.duration_us)}];
    ++sum.spans;
    sum.errors += s.status == trace::SpanStatus::error ? 1 : 0;
    sum.input_tokens += s.input_tokens;
    sum.output_tokens += s.output_tokens;
    sum.cost_usd += s.cost_usd;
  }
  return sums;
}

// A window's statistics by step, built from rollup rows (the window's whole hours) and from spans read one
// by one (the part before its first whole hour): what step_window_since returns on every backend.
class StepWindowBuilder {
 public:
  // The first whole hour of the window that starts at `since_ms`: rollup rows from it on, spans before it.
  static std::int64_t first_hour(std::int64_t since_ms) {
    return (since_ms + kRollupHourMs - 1) / kRollupHourMs;
  }

  void add_bucket(const std::string& name, std::int64_t bucket, const RollupSum& sum) {
    add(name, bucket_value(bucket), sum);
  }
  void add_span(const std::string& name, std::int64_t duration_us, const RollupSum& sum) {
    add(name, duration_us, sum);
  }
  std::vector<query::StepWindow> take() {
    std::vector<query::StepWindow> out;
    for (auto& [name, w] : by_name_) {
      w.name = name;
      out.push_back(std::move(w));
    }
    return out;
  }

 private:
  void add(const std::string& name, std::int64_t duration_us, const RollupSum& sum) {
    query::StepWindow& w = by_name_[name];
    w.durations.emplace_back(duration_us, sum.spans);
    w.errors += sum.errors;
    w.input_tokens += sum.input_tokens;
    w.output_tokens += sum.output_tokens;
    w.cost_usd += sum.cost_usd;
  }
  std::map<std::string, query::StepWindow, std::less<>> by_name_;
};

}  // namespace dq::store
