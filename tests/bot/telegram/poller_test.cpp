// The Poller on fake time: handlers that take time, backoff after failed polls, the drain bound at stop()
// are FakeTimers waits, so the tests assert exact times and never sleep.
#include "bot/telegram/poller.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/this_coro.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bot/http/http_errors.hpp"
#include "bot/telegram/telegram_errors.hpp"
#include "bot/trace/spawn.hpp"
#include "tests/support/fake_timers.hpp"
#include "tests/support/scripted_http_client.hpp"

namespace dq::telegram {
namespace {

using namespace std::chrono_literals;
const BotEndpoint kBot{"http://127.0.0.1:9", "123456:TEST-token"};

std::string update(std::int64_t id, std::int64_t chat, const std::string& text) {
  return nlohmann::json{{"update_id", id},
                        {"message",
                         {{"message_id", id},
                          {"date", 1},
                          {"from", {{"id", chat}, {"is_bot", false}, {"first_name", "U"}}},
                          {"chat", {{"id", chat}, {"type", "private"}}},
                          {"text", text}}}}
      .dump();
}

std::string batch(std::vector<std::string> updates) {
  std::string out = R"({"ok":true,"result":[)";
  for (std::size_t i = 0; i < updates.size(); ++i) out += (i ? "," : "") + updates[i];
  return out + "]}";
}

std::int64_t offset_of(const http::Request& r) {
  return nlohmann::json::parse(r.body).value("offset", std::int64_t{-1});
}

PollerOptions fast() {
  PollerOptions o;
  o.timeout_seconds = 0;
  o.error_backoff = 1ms;
  o.max_error_backoff = 2ms;
  o.drain_bound = 200ms;
  return o;
}

// The offset in memory, with how often it was saved.
class MemoryOffsetStore final : public OffsetStore {
 public:
  core::Result<std::optional<std::int64_t>> load_offset() override { return value; }
  core::Result<void> save_offset(std::int64_t offset) override {
    value = offset;
    ++saves;
    return {};
  }
  std::optional<std::int64_t> value;
  int saves = 0;
};

struct PollerTest : ::testing::Test {
  boost::asio::io_context io;
  testing::FakeClock clock;
  testing::FakeTimers timers{clock};
  testing::ScriptedHttpClient http;
  MemoryOffsetStore offsets;
  std::vector<std::string> seen;  // "chat:text" in handling order
  std::int64_t finished_at_ms = -1;

  // Runs the poller to its end on fake time; notes when run() returned.
  core::Result<void> run(Poller& poller) {
    return testing::run_with_fake_time(io, timers, [&]() -> boost::asio::awaitable<core::Result<void>> {
      auto op = poller.run();
      auto r = co_await std::move(op);
      finished_at_ms = clock.steady_ns() / 1'000'000;
      co_return r;
    }());
  }
  boost::asio::awaitable<void> wait(std::chrono::milliseconds d) {
    auto ex = co_await boost::asio::this_coro::executor;
    auto timer = timers.make(ex);
    auto w = timer->wait_for(d);
    co_await std::move(w);
  }
  // A member coroutine, not a capturing lambda: a lambda's captures die with the temporary closure while
  // its coroutine still runs (ASan: stack-use-after-scope).
  boost::asio::awaitable<void> stop_after(Poller* poller, std::chrono::milliseconds d) {
    auto w = wait(d);
    co_await std::move(w);
    poller->stop();
  }
  // Records the update (after `slow_chat_1` for chat 1) and stops the poller after `stop_after` updates.
  boost::asio::awaitable<void> record(Poller** poller, Update u, std::size_t stop_after,
                                      std::chrono::milliseconds slow_chat_1) {
    if (slow_chat_1 > 0ms && u.message->chat_id == 1) {
      auto w = wait(slow_chat_1);
      co_await std::move(w);
    }
    seen.push_back(std::to_string(u.message->chat_id) + ":" + *u.message->text);
    if (seen.size() >= stop_after) (*poller)->stop();
  }
};

TEST_F(PollerTest, HandlesEachChatInOrderAndConfirmsOnlyAfterTheBatch) {
  http.respond(200, batch({update(100, 1, "a1"), update(101, 2, "b1"), update(102, 1, "a2")}));
  http.respond(200, batch({update(103, 2, "b2")}));
  Poller* self = nullptr;
  Poller poller(
      io.get_executor(), http, timers, kBot, offsets,
      [&](Update u) { return record(&self, std::move(u), 4, 30ms); }, fast());
  self = &poller;
  ASSERT_TRUE(run(poller).has_value());
  ASSERT_EQ(seen.size(), 4u);
  // Chat 1 is slow: chat 2's first update is handled before chat 1's, but each chat keeps its order.
  EXPECT_EQ(seen[0], "2:b1");
  EXPECT_EQ(seen[1], "1:a1");
  EXPECT_EQ(seen[2], "1:a2");
  EXPECT_EQ(seen[3], "2:b2");
  ASSERT_GE(http.requests.size(), 3u);
  EXPECT_EQ(offset_of(http.requests[0]), 0);
  EXPECT_EQ(offset_of(http.requests[1]), 103) << "the second poll confirms the first batch";
  EXPECT_EQ(offset_of(http.requests.back()), 104) << "stopping confirms what was handled";
  EXPECT_EQ(offsets.value, 104);
  EXPECT_EQ(finished_at_ms, 60) << "the second poll waited for chat 1's two slow updates (30 ms each)";
}

TEST_F(PollerTest, ResumesFromTheSavedOffset) {
  offsets.value = 500;
  http.respond(200, batch({update(500, 3, "again?")}));
  Poller* self = nullptr;
  Poller poller(
      io.get_executor(), http, timers, kBot, offsets,
      [&](Update u) { return record(&self, std::move(u), 1, 0ms); }, fast());
  self = &poller;
  ASSERT_TRUE(run(poller).has_value());
  EXPECT_EQ(offset_of(http.requests.at(0)), 500);
  EXPECT_EQ(offsets.value, 501);
  EXPECT_EQ(offsets.saves, 1) << "an unchanged offset is not written again";
}

TEST_F(PollerTest, KeepsPollingThroughErrorsAndConflictsButStopsOnABadToken) {
  http.respond(502, "bad gateway");
  http.respond(
      409,
      R"({"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request"})");
  http.fail(core::Error{std::string(http::errc::connect), kBot.base_url + "/bot" + kBot.token + "/getUpdates",
                        "refused"});
  http.respond(401, R"({"ok":false,"error_code":401,"description":"Unauthorized"})");
  Poller poller(
      io.get_executor(), http, timers, kBot, offsets,
      [](Update) -> boost::asio::awaitable<void> { co_return; }, fast());
  auto result = run(poller);
  ASSERT_FALSE(result.has_value());
  EXPECT_TRUE(result.error().is(errc::unauthorized)) << result.error().to_string();
  EXPECT_EQ(poller.stats().failed_polls, 4u);
  EXPECT_EQ(poller.stats().conflicts, 1u);
  EXPECT_EQ(finished_at_ms, 1 + 2 + 2) << "backoff 1 ms, doubled, capped at 2 ms";
}

TEST_F(PollerTest, WaitsOutA429RetryAfterBeforePollingAgain) {
  http.respond(
      429,
      R"({"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":3}})");
  http.respond(401, R"({"ok":false,"error_code":401,"description":"Unauthorized"})");
  Poller poller(
      io.get_executor(), http, timers, kBot, offsets,
      [](Update) -> boost::asio::awaitable<void> { co_return; }, fast());
  ASSERT_FALSE(run(poller).has_value());
  EXPECT_EQ(finished_at_ms, 3000);
}

TEST_F(PollerTest, PausesAfterAnEmptyAnswerThatIgnoredTheLongPollTimeout) {
  http.respond(200, batch({}));
  http.respond(401, R"({"ok":false,"error_code":401,"description":"Unauthorized"})");
  PollerOptions o = fast();
  o.timeout_seconds = 25;
  Poller poller(
      io.get_executor(), http, timers, kBot, offsets,
      [](Update) -> boost::asio::awaitable<void> { co_return; }, o);
  ASSERT_FALSE(run(poller).has_value());
  EXPECT_EQ(finished_at_ms, 250) << "min_empty_poll: no tight loop against a server that answers at once";
}

TEST_F(PollerTest, AStuckHandlerDoesNotHoldTheStopLongerThanTheBoundAndIsNotConfirmed) {
  http.respond(200, batch({update(10, 1, "stuck"), update(11, 2, "fine")}));
  Poller poller(
      io.get_executor(), http, timers, kBot, offsets,
      [this](Update u) -> boost::asio::awaitable<void> {
        if (u.message->chat_id == 1) {
          auto w = wait(10s);
          co_await std::move(w);
        }
      },
      fast());
  trace::spawn(io.get_executor(), stop_after(&poller, 50ms), "test.stopper");
  ASSERT_TRUE(run(poller).has_value());
  EXPECT_EQ(finished_at_ms, 50 + 200) << "stopped at 50 ms, then at most drain_bound for the stuck handler";
  EXPECT_EQ(offsets.value, 10) << "the unfinished update comes back after a restart";
  EXPECT_EQ(poller.stats().unfinished_at_stop, 1u);
}

TEST_F(PollerTest, AHandlerThatThrowsStillCountsAsHandled) {
  http.respond(200, batch({update(7, 1, "poison")}));
  Poller poller(
      io.get_executor(), http, timers, kBot, offsets,
      [](Update) -> boost::asio::awaitable<void> {
        throw std::runtime_error("handler bug");
        co_return;
      },
      fast());
  trace::spawn(io.get_executor(), stop_after(&poller, 1ms), "test.stopper");
  ASSERT_TRUE(run(poller).has_value());
  EXPECT_EQ(offsets.value, 8) << "a poison update must not come back after every restart";
}

}  // namespace
}  // namespace dq::telegram
