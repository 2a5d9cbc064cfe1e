#include "bot/pipeline/conversation.hpp"

namespace dq::pipeline {

int Conversation::user_turns() const {
  int n = 0;
  for (const auto& m : messages) n += m.role == "user" ? 1 : 0;
  return n;
}

core::Result<Conversation> InMemoryConversationStore::load(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = conversations_.find(id);
  if (it == conversations_.end()) return Conversation{id, {}, {}};
  return it->second;
}

core::Result<void> InMemoryConversationStore::save(const Conversation& conversation) {
  std::lock_guard lock(mutex_);
  conversations_[conversation.id] = conversation;
  return {};
}

}  // namespace dq::pipeline
