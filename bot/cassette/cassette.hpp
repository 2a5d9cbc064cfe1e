#pragma once
// A cassette: the LLM interactions one scenario made, recorded at the HTTP level so a replay goes through
// the same provider code as a live run. One JSON file per scenario (recordings/<scenario>.json),
// pretty-printed (2 spaces) with sorted keys so re-recordings diff well, format-versioned:
//
//   {"format_version": 1, "scenario": "salary-raise", "recorded_with": "dealquest-test 0.1.0",
//    "interactions": [{"provider": "anthropic", "method": "POST", "path": "/v1/messages", "order": 0,
//                      "request": {"headers": {...allow-listed...}, "body": {...JSON, or a string...}},
//                      "response": {"status": 200, "headers": {...allow-listed...}, "body": {...}},
//                      "usage": {"input_tokens": 246, "output_tokens": 41},
//                      "latency_ms": 812, "recorded_at": "2026-11-22T12:00:00Z"}]}
//
// Required: format_version, scenario, interactions, and per interaction provider, method, path, order,
// request.body, response.status, response.body. Optional (checked when present): recorded_with, the header
// maps, usage (copied from the response so cost calibration need not parse provider bodies), latency_ms,
// recorded_at. A body is stored as structured JSON when it parses, else as a string; so a body that is
// itself a JSON string literal replays as its unquoted text (no provider answers with one).
//
// Versioning: a reader accepts kOldestSupportedVersion..kFormatVersion. Bump kFormatVersion when a change
// would make an older reader misread a file; keep kOldestSupportedVersion while this reader can still read
// the older files.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bot/cassette/file_system.hpp"
#include "bot/cassette/redactor.hpp"
#include "bot/core/error.hpp"

namespace dq::cassette {

inline constexpr int kFormatVersion = 1;
inline constexpr int kOldestSupportedVersion = 1;

struct Interaction {
  std::string provider;  // "anthropic" | "openrouter" (from the path; "" for any other endpoint)
  std::string method = "POST";
  std::string path;  // endpoint path from "/v1/" on, redacted: base URLs (and hosts) never matter
  int order = 0;     // this is the order-th recording of an identical request in this cassette
  std::map<std::string, std::string> request_headers;  // allow-listed, lower-case names
  nlohmann::json request_body;                         // redacted; JSON, or a string when not JSON
  int status = 200;
  std::map<std::string, std::string> response_headers;  // allow-listed, lower-case names
  nlohmann::json response_body;                         // redacted; JSON, or a string when not JSON
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t latency_ms = 0;
  std::string recorded_at;  // UTC, "YYYY-MM-DDTHH:MM:SSZ"
};

struct Cassette {
  int format_version = kFormatVersion;
  std::string scenario;
  std::string recorded_with = "dealquest-test 0.1.0";
  std::vector<Interaction> interactions;
};

// `file` only names the source in errors. Errors: cassette.too_new (written by a newer build),
// cassette.invalid ("interactions[2].response.status: expected an integer", where = file).
core::Result<Cassette> parse_cassette(std::string_view text, const std::string& file);
// Deterministic: the same cassette always gives the same bytes (sorted keys, 2-space indent, final newline).
std::string serialize_cassette(const Cassette& cassette);

// cassette.not_found when the file does not exist; otherwise parse_cassette's errors, or cassette.io.
core::Result<Cassette> load_cassette(const std::string& path, FileSystem& fs = RealFileSystem::instance());
// Creates the directory if needed, then writes `<path>.tmp.<pid>` next to `path`, fsyncs and renames it over
// `path`: a reader sees the old file or the new one, never half of one. Before writing anything it scans the
// serialized cassette and refuses with cassette.secret_found (naming the pattern and the JSON path, never the
// secret) if the redactor still finds a secret. On any failure nothing is left behind: no temp file, the
// previous file intact. I/O failures are cassette.io.
core::Result<void> save_cassette(const std::string& path, const Cassette& cassette, const Redactor& redactor,
                                 FileSystem& fs = RealFileSystem::instance());

// "<dir>/<scenario_id>.json"
std::string cassette_path(const std::string& dir, const std::string& scenario_id);

}  // namespace dq::cassette
