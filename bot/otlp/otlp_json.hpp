#pragma once
// Stored traces as OTLP/JSON (`ExportTraceServiceRequest`, opentelemetry-proto's JSON mapping): hex ids of
// the W3C sizes, times as decimal-string nanoseconds, enums as integers, typed attribute values (int64 as a
// decimal string, doubles as numbers), and the OpenTelemetry GenAI names on LLM spans. Pure: rows in, JSON
// out.
//
// Ids: the store keeps the ids core::ids made (32 and 16 lowercase hex digits), which pass through as they
// are. A stored id of another shape (a foreign or damaged row) is mapped to a valid one by a hash
// (deterministic, so parent links still meet) and kept as `dealquest.stored_trace_id` /
// `dealquest.stored_span_id`.
//
// Not exported: `gen_ai.provider.name` (the store keeps a span's model, not the provider that served it, and
// a model name alone does not say whether Anthropic or OpenRouter answered), and span I/O (prompts and
// replies: GenAI's content attributes are opt-in).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bot/query/store_rows.hpp"
#include "bot/trace/span_record.hpp"

namespace dq::otlp {

// One stored trace with its spans, and which program wrote it.
struct ExportTrace {
  query::TraceRow trace;
  std::vector<query::SpanRow> spans;
  bool from_bot = false;  // a trace of the bot's traffic (its run's mode is "bot"): service dealquest-bot
};

struct EncodeOptions {
  std::string service_version = {};  // `service.version` and the scope's version; omitted when empty
};

inline constexpr int kSpanKindInternal = 1;
inline constexpr int kSpanKindClient = 3;
inline constexpr int kStatusOk = 1;
inline constexpr int kStatusError = 2;
// Spans per request: what the OpenTelemetry SDKs' batch span processor sends at most (maxExportBatchSize).
inline constexpr std::size_t kDefaultBatchSpans = 512;

// `id` when it is `digits` lowercase hex digits and not all zero; otherwise a hash of it of that size.
std::string otlp_id(std::string_view id, std::size_t digits);

// One ExportTraceServiceRequest holding `traces` (grouped by service).
nlohmann::json encode_request(const std::vector<ExportTrace>& traces, const EncodeOptions& options);

// The same spans as requests of at most `max_spans` spans each (a trace may be split across two), each
// serialised on one line: the bodies to POST, and the lines of an OTLP JSON Lines file.
std::vector<std::string> encode_batches(const std::vector<ExportTrace>& traces, const EncodeOptions& options,
                                        std::size_t max_spans = kDefaultBatchSpans);

std::size_t span_count(const std::vector<ExportTrace>& traces);

// A span as the store keeps it (its `spans` row), and a root span's `traces` row: what the bot's continuous
// exporter (TraceExporter) turns the spans it is handed into, so that they go through the encoder above and
// come out as `export` writes the same spans read back from the store.
query::SpanRow span_row(const trace::SpanRecord& span);
query::TraceRow trace_row(const trace::SpanRecord& root);

}  // namespace dq::otlp
