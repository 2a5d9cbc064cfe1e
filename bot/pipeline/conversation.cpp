#include "bot/pipeline/conversation.hpp"

#include "bot/trace/log.hpp"

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

core::Result<Conversation> FallbackConversationStore::load(const std::string& id) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = unsaved_.find(id); it != unsaved_.end()) return it->second;
  }
  return store_.load(id);
}

core::Result<void> FallbackConversationStore::save(const Conversation& conversation) {
  auto saved = store_.save(conversation);
  std::lock_guard lock(mutex_);
  if (saved) {
    unsaved_.erase(conversation.id);
    return {};
  }
  unsaved_[conversation.id] = conversation;
  log::error("pipeline.conversation_not_saved", {{"conversation", conversation.id},
                                                 {"held_in_memory", std::to_string(unsaved_.size())},
                                                 {"error", log::redacted(saved.error())}});
  return {};
}

std::size_t FallbackConversationStore::unsaved() const {
  std::lock_guard lock(mutex_);
  return unsaved_.size();
}

}  // namespace dq::pipeline
