#pragma once
// The hourly per-step rollup behind `/admin stats` (TraceReader::step_window_since), for every backend:
// per hour (of span start), step name and duration bucket, how many spans, failures, tokens and cost.
// Buckets are 10% wide on a log scale, so percentiles read from them are within 5% of the measured ones;
// a 7-day window reads a few thousand rows instead of every span.

#include <cmath>
#include <cstdint>

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

}  // namespace dq::store
