#pragma once
// Where the Poller keeps the getUpdates offset (the next update id it wants), so a restart resumes after the
// last handled update. The bot's state store implements it (app/state_offset_store.hpp, over
// chat::StateStore); tests keep it in memory. Keeps the transport free of the chat state library.

#include <cstdint>
#include <optional>

#include "bot/core/error.hpp"

namespace dq::telegram {

class OffsetStore {
 public:
  virtual ~OffsetStore() = default;
  // nullopt: none saved yet (start from what Telegram still holds).
  virtual core::Result<std::optional<std::int64_t>> load_offset() = 0;
  virtual core::Result<void> save_offset(std::int64_t offset) = 0;
};

}  // namespace dq::telegram
