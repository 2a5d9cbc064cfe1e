#pragma once
// The seam between the pipeline and whatever answers LLM requests: the dry-run mock (MockLlmClient), and
// later the real providers and the cassette replayer. Failures are values (`llm.*` codes), never exceptions.

#include <boost/asio/awaitable.hpp>

#include "bot/core/error.hpp"
#include "bot/llm/llm_types.hpp"

namespace dq::llm {

class LlmClient {
 public:
  virtual ~LlmClient() = default;
  // Runs on the caller's executor; may suspend (network, timers) but never blocks the thread.
  virtual boost::asio::awaitable<core::Result<Response>> complete(const Request& request) = 0;
};

}  // namespace dq::llm
