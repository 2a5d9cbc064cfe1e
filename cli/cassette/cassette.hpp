#pragma once
// A cassette: the LLM interactions one scenario made, recorded at the HTTP level so a replay goes through
// the same provider code as a live run. One JSON file per scenario (recordings/<scenario>.json),
// pretty-printed with sorted keys so diffs read well, format-versioned:
//
//   {"format_version": 1, "scenario": "salary-raise", "recorded_with": "...",
//    "interactions": [{"provider": "anthropic", "method": "POST", "path": "/v1/messages", "order": 0,
//                      "request": {"headers": {...allow-listed...}, "body": {...JSON...}},
//                      "response": {"status": 200, "headers": {...}, "body": {...JSON or a string...}},
//                      "usage": {"input_tokens": N, "output_tokens": N}, "latency_ms": 812,
//                      "recorded_at": "2026-11-22T12:00:00Z"}]}

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/core/error.hpp"
#include "cli/cassette/redactor.hpp"

namespace dq::cassette {

inline constexpr int kFormatVersion = 1;
inline constexpr int kOldestSupportedVersion = 1;

struct Interaction {
  std::string provider, method = "POST", path;
  int order = 0;  // the k-th identical request of this cassette
  std::map<std::string, std::string> request_headers;
  nlohmann::json request_body;
  int status = 200;
  std::map<std::string, std::string> response_headers;
  nlohmann::json response_body;  // JSON, or a string when the body was not JSON
  std::int64_t input_tokens = 0, output_tokens = 0;
  std::int64_t latency_ms = 0;
  std::string recorded_at;
};

struct Cassette {
  int format_version = kFormatVersion;
  std::string scenario;
  std::string recorded_with = "dealquest-test 0.1.0";
  std::vector<Interaction> interactions;
};

// Errors: cassette.too_new (a newer format), cassette.invalid (names the file and the JSON path).
core::Result<Cassette> parse_cassette(std::string_view text, const std::string& file);
std::string serialize_cassette(const Cassette& cassette);
// cassette.not_found when the file does not exist.
core::Result<Cassette> load_cassette(const std::string& path);
// Atomic (temp file in the same directory, fsync, rename); refuses with cassette.secret_found (naming the
// pattern, never the secret) when the redactor still finds a secret in the serialized text.
core::Result<void> save_cassette(const std::string& path, const Cassette& cassette, const Redactor& redactor);

std::string cassette_path(const std::string& dir, const std::string& scenario_id);

}  // namespace dq::cassette
