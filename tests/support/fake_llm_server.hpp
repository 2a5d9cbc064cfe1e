#pragma once
// A fake LLM provider on 127.0.0.1 that speaks the Anthropic Messages API (POST /v1/messages) and
// OpenAI-compatible chat completions as OpenRouter serves them (POST /api/v1/chat/completions, and
// /v1/chat/completions) with the documented success and error shapes (shared/reference/protocols.md §3, §4).
// It validates requests like the real APIs, answers from scripted replies or with deterministic generated
// text, waits a configurable latency on a timer (never a sleeping thread) and declares it in every answer
// after the wait (`server-timing: total;dur=<latency ms>`), counts and keeps the requests it received, and
// injects faults on demand. One background thread runs its event loop.
//
// Where it differs from the real services: plain HTTP/1.1 without TLS; request bodies framed by
// Content-Length only (no chunked requests); bodies over 8 MiB get 413 (Anthropic's limit is 32 MB); no
// streaming, tools, images or count_tokens; token counts are the (chars + 3) / 4 estimate, not a tokenizer;
// OpenRouter's `cost` uses a small built-in price list; ids are sequential ("msg_fake000001").

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dq::testing {

enum class Fault {
  rate_limit_429,  // 429 rate_limit_error with `retry-after: <seconds>`
  overloaded_529,  // 529 overloaded_error
  server_500,      // 500 api_error
  timeout,         // reads the request, never answers; the connection closes on stop()
  truncated_body,  // a success whose Content-Length promises more than is sent, then the connection closes
  malformed_json,  // 200 with a body that is not JSON
  wrong_content_type,  // 200 `content-type: text/html` with an HTML page
  missing_fields,      // 200 valid JSON without `content` / `choices`
  stall_mid_body,      // a success sent half-way, then nothing more until the client gives up
  reset_mid_body,      // a success sent half-way, then the connection is reset (RST)
  huge_body,           // 200 with a 9 MiB body (valid JSON): more than any client should read
  // Bodies that quote the request's last user message, as validation errors and proxies do: what a client
  // makes of them must not put the user's words in its logs.
  echo_400,  // 400 invalid_request_error whose message quotes it
  echo_502,  // 502 text/html page that quotes it
  echo_200,  // 200 valid JSON without `content` / `choices` that quotes it
};

// The names the CLI takes: "rate_limit_429", "overloaded_529", ... (the enumerator names).
std::string_view fault_name(Fault fault);
std::optional<Fault> parse_fault(std::string_view name);

struct ScriptedReply {
  // Substring of the last user message (the latest turn; never looked for in the system prompt or earlier
  // turns); empty: any request.
  std::string match;
  std::string agent;  // "coach" (system prompt contains "negotiation coach"), "counterpart", or empty: either
  std::string text;
};

struct ReceivedRequest {
  std::string method, path, body;
  std::map<std::string, std::string> headers;  // lower-case names
};

class FakeLlmServer {
 public:
  FakeLlmServer();
  ~FakeLlmServer();  // stops
  FakeLlmServer(const FakeLlmServer&) = delete;
  FakeLlmServer& operator=(const FakeLlmServer&) = delete;

  // Binds 127.0.0.1:port (0: a free port the OS picks) and serves on a background thread. Once only;
  // throws boost::system::system_error when the port cannot be bound.
  void start(std::uint16_t port = 0);
  // Closes the listener and every connection (also those held open by Fault::timeout) and joins the thread.
  // Idempotent.
  void stop();

  std::uint16_t port() const;
  std::string base_url() const;  // "http://127.0.0.1:PORT"

  // Settings and faults may change while serving; each request reads them when it arrives.
  void set_latency(std::chrono::milliseconds latency);
  void set_retry_after_seconds(int seconds);  // for Fault::rate_limit_429; default 1
  // Applies `fault` to the next `times` requests, after the faults queued before it.
  void inject(Fault fault, int times = 1);
  // Replaces the scripted replies; the first whose conditions hold answers. Without one, replies are
  // generated.
  void set_responses(std::vector<ScriptedReply> replies);
  // Reads {"responses": [{"match": "...", "agent": "...", "text": "..."}, ...]}; the error names the file and
  // the entry.
  std::expected<void, std::string> load_responses(const std::filesystem::path& path);

  // Every request whose head parsed, in arrival order, including refused and faulted ones (a 413's body is
  // not read, so it is kept empty).
  int request_count() const;
  std::vector<ReceivedRequest> requests() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dq::testing
