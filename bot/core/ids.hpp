#pragma once
// Trace, span and run ids: random, hex, W3C trace-context sizes (16-byte trace id, 8-byte span id).

#include <array>
#include <cstdint>
#include <string>

namespace dq::core {

struct TraceId {
  std::uint64_t hi = 0, lo = 0;
  bool valid() const { return hi != 0 || lo != 0; }
  std::string hex() const;  // 32 lowercase hex digits
  friend bool operator==(const TraceId&, const TraceId&) = default;
};

struct SpanId {
  std::uint64_t value = 0;
  bool valid() const { return value != 0; }
  std::string hex() const;  // 16 lowercase hex digits, or "" when invalid
  friend bool operator==(const SpanId&, const SpanId&) = default;
};

// Fast per-thread generator (splitmix64 seeded from std::random_device); never returns an invalid id.
// Trace ids start with `wall_ms`, the wall time they are made at from the caller's Clock (see ids.cpp:
// index locality in the store).
TraceId new_trace_id(std::int64_t wall_ms);
SpanId new_span_id();

// A run id that sorts by time: "20261122T112233Z-1a2b3c".
std::string new_run_id(std::int64_t wall_ms);

}  // namespace dq::core
