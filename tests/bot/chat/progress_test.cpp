// ProgressReply on fake time: the throttle, and the order of edits when a progress edit is still in flight as
// the reply arrives. Edits take time here (SlowMessenger), so overlapping edits would show.
#include "bot/chat/progress.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/this_coro.hpp>

#include "bot/chat/texts.hpp"
#include "bot/pipeline/steps.hpp"
#include "tests/support/fake_timers.hpp"
#include "tests/support/recording_messenger.hpp"

namespace dq::chat {
namespace {

using namespace std::chrono_literals;
using pipeline::Step;
constexpr std::int64_t kChat = 42;

std::string shown_for(Step step) {
  return texts::progress(pipeline::step_progress(step));
}

// A RecordingMessenger whose edits take `edit_latency` of fake time; notes when each edit started and ended.
class SlowMessenger final : public Messenger {
 public:
  SlowMessenger(trace::Timers& timers, std::chrono::milliseconds edit_latency)
      : timers_(timers), latency_(edit_latency) {}

  boost::asio::awaitable<core::Result<std::int64_t>> send(std::int64_t chat, std::string html,
                                                          std::optional<InlineKeyboard> keyboard) override {
    auto op = inner.send(chat, std::move(html), std::move(keyboard));
    co_return co_await std::move(op);
  }
  boost::asio::awaitable<core::Result<void>> edit(std::int64_t chat, std::int64_t message_id,
                                                  std::string html,
                                                  std::optional<InlineKeyboard> keyboard) override {
    const std::int64_t started = now_ms();
    auto ex = co_await boost::asio::this_coro::executor;
    auto timer = timers_.make(ex);
    auto wait = timer->wait_for(latency_);
    co_await std::move(wait);
    edits.push_back({started, now_ms()});
    auto op = inner.edit(chat, message_id, std::move(html), std::move(keyboard));
    co_return co_await std::move(op);
  }
  boost::asio::awaitable<core::Result<void>> answer(std::string id, std::string notice) override {
    auto op = inner.answer(std::move(id), std::move(notice));
    co_return co_await std::move(op);
  }
  boost::asio::awaitable<core::Result<std::int64_t>> send_document(std::int64_t chat, std::string name,
                                                                   std::string content,
                                                                   std::string caption) override {
    auto op = inner.send_document(chat, std::move(name), std::move(content), std::move(caption));
    co_return co_await std::move(op);
  }

  std::int64_t now_ms() const { return timers_.clock().steady_ns() / 1'000'000; }

  struct Span {
    std::int64_t start_ms, end_ms;
    friend bool operator==(const Span&, const Span&) = default;
  };
  testing::RecordingMessenger inner;
  std::vector<Span> edits;  // in completion order

 private:
  trace::Timers& timers_;
  std::chrono::milliseconds latency_;
};

struct ProgressReplyTest : ::testing::Test {
  boost::asio::io_context io;
  testing::FakeClock clock;
  testing::FakeTimers timers{clock};

  void run(boost::asio::awaitable<void> op) { testing::run_with_fake_time(io, timers, std::move(op)); }
  boost::asio::awaitable<void> wait(std::chrono::milliseconds d) {
    auto ex = co_await boost::asio::this_coro::executor;
    auto timer = timers.make(ex);
    auto w = timer->wait_for(d);
    co_await std::move(w);
  }
  std::int64_t now_ms() const { return clock.steady_ns() / 1'000'000; }
};

std::string identity(std::string_view reply) {
  return std::string(reply);
}

TEST_F(ProgressReplyTest, ShowsAtMostOneStepEditPerThrottleIntervalAndOnlyTheLatestStep) {
  SlowMessenger messenger(timers, 0ms);
  ProgressReply progress(io.get_executor(), timers, messenger, kChat, 1000ms, identity);
  run([&]() -> boost::asio::awaitable<void> {
    auto began = progress.begin(shown_for(Step::turn));
    EXPECT_TRUE((co_await std::move(began)).has_value());
    progress.on_step("c", Step::context_load);
    auto w1 = wait(100ms);
    co_await std::move(w1);
    progress.on_step("c", Step::llm_counterpart);  // replaces the pending text before its slot
    auto w2 = wait(1400ms);
    co_await std::move(w2);
    auto closing = progress.close("done");
    EXPECT_TRUE((co_await std::move(closing)).has_value());
  }());
  const auto& shown = messenger.inner.messages.at(progress.message_id());
  EXPECT_EQ(shown.history,
            (std::vector<std::string>{shown_for(Step::turn), shown_for(Step::llm_counterpart), "done"}));
  EXPECT_EQ(messenger.edits, (std::vector<SlowMessenger::Span>{{1000, 1000}, {1500, 1500}}))
      << "the first step edit waited for the throttle slot 1000 ms after the message was sent";
}

TEST_F(ProgressReplyTest, TheReplyIsNeverOverwrittenByALateProgressEdit) {
  SlowMessenger messenger(timers, 300ms);
  ProgressReply progress(io.get_executor(), timers, messenger, kChat, 0ms, identity);
  run([&]() -> boost::asio::awaitable<void> {
    auto began = progress.begin(shown_for(Step::turn));
    co_await std::move(began);
    progress.on_step("c", Step::llm_counterpart);  // its edit is in flight until 300 ms
    auto w = wait(10ms);
    co_await std::move(w);
    const std::string conversation = "c", reply = "the reply";  // deliver() keeps references: named locals
    auto delivered = progress.deliver(conversation, reply);
    EXPECT_TRUE((co_await std::move(delivered)).has_value());
    progress.on_step("c", Step::db_save);  // a step reported after the reply: ignored
    auto settle = wait(1000ms);
    co_await std::move(settle);
  }());
  const auto& shown = messenger.inner.messages.at(progress.message_id());
  EXPECT_EQ(shown.html, "the reply");
  EXPECT_EQ(shown.history.back(), "the reply");
  EXPECT_EQ(shown.edits, 2) << "the step edit, then the reply; nothing after it";
}

TEST_F(ProgressReplyTest, CloseWaitsForTheEditInFlightBeforeItsOwnEdit) {
  SlowMessenger messenger(timers, 300ms);
  ProgressReply progress(io.get_executor(), timers, messenger, kChat, 0ms, identity);
  std::int64_t closed_at = -1;
  run([&]() -> boost::asio::awaitable<void> {
    auto began = progress.begin(shown_for(Step::turn));
    co_await std::move(began);
    progress.on_step("c", Step::llm_counterpart);
    auto w = wait(10ms);
    co_await std::move(w);
    auto closing = progress.close("sorry");
    co_await std::move(closing);
    closed_at = now_ms();
  }());
  EXPECT_EQ(messenger.edits, (std::vector<SlowMessenger::Span>{{0, 300}, {300, 600}}))
      << "the closing edit started only when the step edit had ended: edits never overlap";
  EXPECT_EQ(closed_at, 600);
}

TEST_F(ProgressReplyTest, ALongReplyContinuesInNewMessagesInOrder) {
  SlowMessenger messenger(timers, 0ms);
  ProgressReply progress(io.get_executor(), timers, messenger, kChat, 0ms, identity);
  std::string reply;
  for (int i = 0; i < 300; ++i)
    reply += "line " + std::to_string(i) + " of a long answer, padded to forty.\n";
  run([&]() -> boost::asio::awaitable<void> {
    auto began = progress.begin(shown_for(Step::turn));
    co_await std::move(began);
    const std::string conversation = "c";
    auto delivered = progress.deliver(conversation, reply);
    EXPECT_TRUE((co_await std::move(delivered)).has_value());
  }());
  const auto& order = messenger.inner.order;
  ASSERT_GE(order.size(), 3u) << "about 14,000 characters: the progress message and at least two more";
  EXPECT_EQ(order.front(), progress.message_id());
  std::string joined;
  for (auto id : order) {
    EXPECT_LE(telegram::visible_length(messenger.inner.messages.at(id).html), telegram::kMessageLimit);
    joined += messenger.inner.messages.at(id).html;
  }
  EXPECT_NE(joined.find("line 0 "), std::string::npos);
  EXPECT_LT(joined.find("line 100 "), joined.find("line 299 ")) << "parts in order";
}

}  // namespace
}  // namespace dq::chat
