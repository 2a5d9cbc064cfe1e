#pragma once
// A stack of LLM clients (provider clients, routing, costing) owned as one: calls go to the top one.

#include <memory>
#include <vector>

#include "bot/llm/llm_client.hpp"

namespace dq::llm {

class OwningLlmClient final : public llm::LlmClient {
 public:
  // Keeps `part` alive as long as this client; returns it for wiring the next layer.
  template <class T>
  T& own(std::unique_ptr<T> part) {
    T& ref = *part;
    parts_.push_back(std::shared_ptr<void>(std::move(part)));
    return ref;
  }
  void set_top(llm::LlmClient& top) { top_ = &top; }

  boost::asio::awaitable<core::Result<llm::Response>> complete(const llm::Request& request) override {
    auto op = top_->complete(request);
    co_return co_await std::move(op);
  }

 private:
  std::vector<std::shared_ptr<void>> parts_;
  llm::LlmClient* top_ = nullptr;
};

}  // namespace dq::llm
