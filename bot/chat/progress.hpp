#pragma once
// The one message a user watches while a pipeline runs: sent when the turn starts, edited in place with
// each step's progress text (from the step table, at most once per `throttle`), and finally edited into the
// reply itself. Edits happen in order, never overlapping: one pump coroutine does them, and the final
// edit waits for it to finish, so a late progress edit can never overwrite the reply.
//
// Always end it with deliver() (through the pipeline) or close(): both wait for the pump.
// The throttle is measured on the injected trace::Timers (its clock and its timers), so tests use fake time.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "bot/chat/messenger.hpp"
#include "bot/pipeline/conversation.hpp"
#include "bot/trace/timer.hpp"

namespace dq::chat {

class ProgressReply final : public pipeline::ProgressObserver, public pipeline::ReplySink {
 public:
  using Format = std::function<std::string(std::string_view reply_text)>;

  ProgressReply(boost::asio::any_io_executor executor, trace::Timers& timers, Messenger& messenger,
                std::int64_t chat, std::chrono::milliseconds throttle, Format format_reply);

  // Sends the progress message with `first_text` (HTML).
  boost::asio::awaitable<core::Result<void>> begin(std::string first_text);
  std::int64_t message_id() const { return message_id_; }
  int edits() const { return edits_; }

  // pipeline::ProgressObserver (called on the loop thread as each step starts)
  void on_step(const std::string& conversation_id, pipeline::Step step) override;
  // pipeline::ReplySink: the reply replaces the progress text (longer replies continue in new messages).
  boost::asio::awaitable<core::Result<void>> deliver(const std::string& conversation_id,
                                                     const std::string& text) override;
  // Ends it with `html` (an apology, a debrief) instead of a reply.
  boost::asio::awaitable<core::Result<void>> close(std::string html);

 private:
  static boost::asio::awaitable<void> pump(ProgressReply* self);
  boost::asio::awaitable<void> stop_pump();
  boost::asio::awaitable<core::Result<void>> replace_with(std::string html);

  boost::asio::any_io_executor executor_;
  trace::Timers& timers_;
  Messenger& messenger_;
  std::int64_t chat_;
  std::chrono::milliseconds throttle_;
  Format format_;
  std::int64_t message_id_ = 0;
  std::string shown_;
  std::optional<std::string> pending_;
  bool pumping_ = false;
  bool closed_ = false;
  int edits_ = 0;
  std::chrono::nanoseconds last_edit_{};  // on timers_.now()
  std::unique_ptr<trace::Timer> throttle_timer_;
  std::unique_ptr<trace::Timer> idle_timer_;
};

}  // namespace dq::chat
