#pragma once
// The seam between the pipeline and whatever answers LLM requests: the dry-run mock (MockLlmClient), and
// later the real providers and the cassette replayer. Failures are values (`llm.*` codes), never exceptions.

#include <boost/asio/awaitable.hpp>
#include <cstdint>

#include "bot/core/error.hpp"
#include "bot/llm/llm_types.hpp"

namespace dq::llm {

class LlmClient {
 public:
  virtual ~LlmClient() = default;
  // Runs on the caller's executor; may suspend (network, timers) but never blocks the thread.
  virtual boost::asio::awaitable<core::Result<Response>> complete(const Request& request) = 0;
};

// Asked before every attempt a provider client sends, retries included, and told how it ended. The cost layer
// is one (cost::CostGate): it reserves the attempt's worst case first, so a budget cap holds across retries,
// and keeps that worst case as spent when a failed attempt may still be billed.
struct AttemptTicket {
  std::uint64_t id = 0;  // 0: nothing was reserved
  double reserved_usd = 0;
};

class AttemptGate {
 public:
  virtual ~AttemptGate() = default;
  // A ticket for close(), or why the attempt must not be sent (nothing is reserved then).
  virtual core::Result<AttemptTicket> open(const Request& request) = 0;
  // `answered`: the decoded reply, whose cost_usd the gate fills in; nullptr when the attempt failed.
  // `maybe_billed`: the failed attempt may have reached the provider's model (a timeout or a reset after
  // the request was sent, a 5xx other than 529, a 2xx whose body did not decode).
  virtual void close(const AttemptTicket& ticket, const Request& request, Response* answered,
                     bool maybe_billed) = 0;
};

}  // namespace dq::llm
