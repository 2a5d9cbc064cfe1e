#include "bot/chat/progress.hpp"

#include "bot/chat/texts.hpp"
#include "bot/telegram/telegram_text.hpp"
#include "bot/trace/spawn.hpp"

namespace dq::chat {
namespace asio = boost::asio;

ProgressReply::ProgressReply(asio::any_io_executor executor, trace::Timers& timers, Messenger& messenger,
                             std::int64_t chat, std::chrono::milliseconds throttle, Format format_reply)
    : executor_(executor),
      timers_(timers),
      messenger_(messenger),
      chat_(chat),
      throttle_(throttle),
      format_(std::move(format_reply)),
      throttle_timer_(timers.make(executor)),
      idle_timer_(timers.make(executor)) {}

asio::awaitable<core::Result<void>> ProgressReply::begin(std::string first_text) {
  shown_ = first_text;
  auto op = messenger_.send(chat_, std::move(first_text));
  auto sent = co_await std::move(op);
  if (!sent) co_return std::unexpected(sent.error());
  message_id_ = *sent;
  last_edit_ = timers_.now();
  co_return core::Result<void>{};
}

void ProgressReply::on_step(const std::string&, pipeline::Step step) {
  if (closed_ || message_id_ == 0) return;
  pending_ = texts::progress(pipeline::step_progress(step));
  if (pumping_) return;
  pumping_ = true;
  trace::spawn(executor_, pump(this), "chat.progress_pump_failed");
}

asio::awaitable<void> ProgressReply::pump(ProgressReply* self) {
  while (self->pending_ && !self->closed_) {
    const auto due = self->last_edit_ + self->throttle_;
    if (const auto now = self->timers_.now(); now < due) {
      auto wait = self->throttle_timer_->wait_for(due - now);
      co_await std::move(wait);
      continue;  // re-check: closed, or a newer step replaced the pending text
    }
    std::string text = std::move(*self->pending_);
    self->pending_.reset();
    if (text == self->shown_) continue;
    auto op = self->messenger_.edit(self->chat_, self->message_id_, text);
    auto edited = co_await std::move(op);
    self->last_edit_ = self->timers_.now();
    if (edited) {
      self->shown_ = std::move(text);
      ++self->edits_;
    }
  }
  self->pumping_ = false;
  self->idle_timer_->cancel();
}

asio::awaitable<void> ProgressReply::stop_pump() {
  closed_ = true;
  pending_.reset();
  throttle_timer_->cancel();
  while (pumping_) {
    auto wait = idle_timer_->wait_for(trace::Timer::kForever);
    co_await std::move(wait);
  }
}

asio::awaitable<core::Result<void>> ProgressReply::replace_with(std::string html) {
  auto stopping = stop_pump();
  co_await std::move(stopping);
  std::vector<std::string> parts = telegram::split_html_message(html);
  if (parts.empty()) parts.push_back("…");
  if (message_id_ == 0) {  // begin() failed: a plain message is the best we can do
    for (auto& part : parts) {
      auto op = messenger_.send(chat_, std::move(part));
      auto sent = co_await std::move(op);
      if (!sent) co_return std::unexpected(sent.error());
    }
    co_return core::Result<void>{};
  }
  auto op = messenger_.edit(chat_, message_id_, parts.front());
  auto edited = co_await std::move(op);
  if (!edited) co_return std::unexpected(edited.error());
  ++edits_;
  shown_ = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) {
    auto more = messenger_.send(chat_, std::move(parts[i]));
    auto sent = co_await std::move(more);
    if (!sent) co_return std::unexpected(sent.error());
  }
  co_return core::Result<void>{};
}

asio::awaitable<core::Result<void>> ProgressReply::deliver(const std::string&, const std::string& text) {
  auto op = replace_with(format_(text));
  co_return co_await std::move(op);
}

asio::awaitable<core::Result<void>> ProgressReply::close(std::string html) {
  auto op = replace_with(std::move(html));
  co_return co_await std::move(op);
}

}  // namespace dq::chat
