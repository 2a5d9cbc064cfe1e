#pragma once
// What a finished span carries to the store. Trace-level attributes (run, scenario, turn, user, chat) are set
// on the root span only; the writer turns a root span into a `traces` row as well.

#include <cstdint>
#include <string>

#include "bot/core/ids.hpp"

namespace dq::trace {

enum class SpanStatus : std::uint8_t { ok = 0, error = 1 };

const char* to_string(SpanStatus s);

// What a trace kept of its I/O, decided once per trace (trace_io.hpp): all of it (sampled), all of it
// because a span failed, or none (metadata only). Stored on the trace row.
enum class IoKept : std::uint8_t { all = 0, error = 1, none = 2 };

const char* to_string(IoKept k);

struct TraceAttributes {
  std::string run_id;    // harness run, empty for bot traffic
  std::string pipeline;  // "turn" or "debrief"
  std::string scenario;
  int turn = -1;        // 1-based turn index; -1 for the debrief
  std::string user_id;  // hashed or synthetic, never a name
  std::string chat_id;
};

struct SpanRecord {
  core::TraceId trace_id;
  core::SpanId span_id;
  core::SpanId parent_id;        // invalid for the root span of a trace
  std::string name;              // a step name from the step table (<= 20 chars) or "pipeline.<kind>"
  std::int64_t start_ms = 0;     // wall clock, epoch milliseconds (start_us / 1000)
  std::int64_t start_us = 0;     // epoch µs: the root's wall start plus the steady time since it
  std::int64_t duration_us = 0;  // steady clock
  SpanStatus status = SpanStatus::ok;
  std::string error;  // stable error code and message, empty when ok

  // LLM attributes (empty / zero on other steps).
  std::string provider;  // "anthropic", "openrouter", "mock", "replay" (gen_ai.provider.name)
  std::string model;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0.0;

  // Full I/O, stored apart from the metadata (span_io table).
  std::string input;
  std::string output;

  // Root span only.
  TraceAttributes trace;
  IoKept io_kept = IoKept::all;

  bool is_root() const { return !parent_id.valid(); }
};

}  // namespace dq::trace
