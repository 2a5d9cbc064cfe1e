#pragma once
// Conversation state and the two edges of a pipeline run that touch the outside: where conversations are
// kept (ConversationStore) and where replies go (ReplySink). The harness keeps conversations in memory and
// captures replies; the bot stores them and sends them to Telegram.

#include <boost/asio/awaitable.hpp>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "bot/core/error.hpp"
#include "bot/llm/llm_types.hpp"
#include "bot/pipeline/steps.hpp"

namespace dq::pipeline {

struct Conversation {
  std::string id;
  std::vector<llm::Message> messages;  // user and assistant (counterpart) messages, in order
  std::string debrief;                 // the coach's last answer, once there was a debrief
  int user_turns() const;
};

class ConversationStore {
 public:
  virtual ~ConversationStore() = default;
  // A conversation never seen before is returned empty (with its id), not as an error.
  virtual core::Result<Conversation> load(const std::string& id) = 0;
  virtual core::Result<void> save(const Conversation& conversation) = 0;
};

class InMemoryConversationStore final : public ConversationStore {
 public:
  core::Result<Conversation> load(const std::string& id) override;
  core::Result<void> save(const Conversation& conversation) override;

 private:
  std::mutex mutex_;
  std::map<std::string, Conversation> conversations_;
};

// Keeps answering when the store cannot take a write (full, read-only, locked): a conversation whose save
// failed is kept in memory, logged, and served from there until a later save succeeds, so the next turn
// still sees every earlier one. Only those conversations are held, so memory grows only while the store is
// failing. What a restart in that state loses is those unsaved turns. Thread-safe.
class FallbackConversationStore final : public ConversationStore {
 public:
  explicit FallbackConversationStore(ConversationStore& store) : store_(store) {}
  core::Result<Conversation> load(const std::string& id) override;
  // Never fails: a refused save is logged (pipeline.conversation_not_saved) and counted.
  core::Result<void> save(const Conversation& conversation) override;
  std::size_t unsaved() const;

 private:
  ConversationStore& store_;
  mutable std::mutex mutex_;
  std::map<std::string, Conversation> unsaved_;
};

class ReplySink {
 public:
  virtual ~ReplySink() = default;
  virtual boost::asio::awaitable<core::Result<void>> deliver(const std::string& conversation_id,
                                                             const std::string& text) = 0;
};

// Told when each step starts (the bot edits its progress message with step_progress(step)).
class ProgressObserver {
 public:
  virtual ~ProgressObserver() = default;
  virtual void on_step(const std::string& conversation_id, Step step) = 0;
};

}  // namespace dq::pipeline
