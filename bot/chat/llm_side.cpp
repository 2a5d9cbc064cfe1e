#include "bot/chat/llm_side.hpp"

namespace dq::chat {

llm::LlmClient& LlmSide::client(const scenario::Scenario& s) {
  auto& slot = clients_[s.id];
  if (!slot) slot = make_(s);
  return *slot;
}

}  // namespace dq::chat
