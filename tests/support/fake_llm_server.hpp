#pragma once
// A fake LLM provider on 127.0.0.1 (port 0) that speaks the Anthropic Messages API (POST /v1/messages) and
// OpenAI-compatible chat completions (POST /v1/chat/completions, /api/v1/chat/completions) with the real
// success and error shapes (protocols.md §3, §4). It answers from a scripted responses file or with
// plausible generated text, waits a configurable latency on a timer (never a sleeping thread), counts and
// keeps requests, and injects faults on demand. One background thread runs its event loop.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dq::testing {

enum class Fault {
  rate_limit_429,      // 429 with retry-after
  overloaded_529,      // 529 overloaded_error
  server_500,          // 500 api_error
  timeout,             // never answers (until stop)
  truncated_body,      // Content-Length larger than what is sent, then close
  malformed_json,      // 200 with a body that is not JSON
  wrong_content_type,  // 200 text/html page
  missing_fields,      // 200 JSON without content/choices
};
// "rate_limit_429" etc.; false for an unknown name.
bool parse_fault(std::string_view name, Fault& out);

struct ScriptedReply {
  std::string match;  // substring of the last user message (the coach's holds the scenario title); empty: all
  std::string agent;  // "counterpart" | "coach" | "" (any)
  std::string text;
};

struct ReceivedRequest {
  std::string method, path, body;
  std::map<std::string, std::string> headers;  // lower-case names
};

class FakeLlmServer {
 public:
  FakeLlmServer();
  ~FakeLlmServer();
  FakeLlmServer(const FakeLlmServer&) = delete;
  FakeLlmServer& operator=(const FakeLlmServer&) = delete;

  // Binds 127.0.0.1:port (0: any free port) and serves on a background thread.
  void start(std::uint16_t port = 0);
  void stop();

  std::uint16_t port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void set_latency(std::chrono::milliseconds latency) { latency_ms_ = latency.count(); }
  void set_retry_after_seconds(int seconds) { retry_after_ = seconds; }
  // Applies `fault` to the next `times` requests (after faults queued before it).
  void inject(Fault fault, int times = 1);
  // {"responses": [{"match": "...", "agent": "...", "text": "..."}]}; false with `error` set when invalid.
  bool load_responses(const std::string& path, std::string& error);
  void set_responses(std::vector<ScriptedReply> replies);

  int request_count() const { return count_.load(); }
  std::vector<ReceivedRequest> requests() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  std::atomic<std::int64_t> latency_ms_{0};
  std::atomic<int> retry_after_{1};
  std::atomic<int> count_{0};
  mutable std::mutex mutex_;
  std::vector<Fault> faults_;
  std::vector<ScriptedReply> replies_;
  std::vector<ReceivedRequest> received_;

  friend struct Impl;
};

}  // namespace dq::testing
