#pragma once
// An LlmClient that talks to a real provider over an HttpClient, with the retry policy of the official SDKs
// (protocols.md §3.4): 429 waits `retry-after` (capped); 529, 5xx, 408 and transport timeouts/resets are
// retried with capped exponential backoff and jitter; other 4xx and malformed bodies are not retried.
// Waiting is an Asio timer on the caller's executor: nothing blocks. An AttemptGate, when given, is asked
// before every attempt (a refusal ends the call with the gate's error) and told how each ended.

#include <chrono>
#include <map>
#include <memory>

#include "bot/http/http_client.hpp"
#include "bot/llm/llm_client.hpp"
#include "bot/llm/provider_config.hpp"

namespace dq::llm {

struct RetryPolicy {
  int max_attempts = 4;                 // first try included
  std::chrono::milliseconds base{500};  // backoff: base * 2^n, capped, minus up to `jitter` of it
  std::chrono::milliseconds cap{8'000};
  double jitter = 0.25;
  std::chrono::milliseconds max_retry_after{60'000};  // a longer retry-after is not waited for: error
};

// Which failures are worth another attempt.
bool is_retryable(const core::Error& error);
// The wait before attempt `attempt` (1-based retry number), without jitter when `jitter_draw` is 0..1 = 0.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, double jitter_draw);

class ProviderLlmClient final : public LlmClient {
 public:
  ProviderLlmClient(http::HttpClient& http, ProviderConfig config, RetryPolicy policy = {},
                    AttemptGate* gate = nullptr)
      : http_(http), config_(std::move(config)), policy_(policy), gate_(gate) {}
  boost::asio::awaitable<core::Result<Response>> complete(const Request& request) override;

  int attempts() const { return attempts_; }

 private:
  http::HttpClient& http_;
  ProviderConfig config_;
  RetryPolicy policy_;
  AttemptGate* gate_;
  int attempts_ = 0;
};

// Sends each request to the client of its provider ("anthropic", "openrouter").
class RoutingLlmClient final : public LlmClient {
 public:
  void add(std::string provider, std::unique_ptr<LlmClient> client) {
    clients_[std::move(provider)] = std::move(client);
  }
  boost::asio::awaitable<core::Result<Response>> complete(const Request& request) override;

 private:
  std::map<std::string, std::unique_ptr<LlmClient>> clients_;
};

}  // namespace dq::llm
