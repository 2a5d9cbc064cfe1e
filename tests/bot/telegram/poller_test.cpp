#include "bot/telegram/poller.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <nlohmann/json.hpp>

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

struct Harness {
  boost::asio::io_context io;
  testing::ScriptedHttpClient http;
  chat::InMemoryChatState state;
  std::vector<std::string> seen;  // "chat:text" in handling order
};

boost::asio::awaitable<void> record(Harness* h, Poller** poller, Update u, std::size_t stop_after,
                                    std::chrono::milliseconds slow_chat_1) {
  if (slow_chat_1 > 0ms && u.message->chat_id == 1) {
    auto ex = co_await boost::asio::this_coro::executor;
    boost::asio::steady_timer t(ex, slow_chat_1);
    auto w = t.async_wait(boost::asio::use_awaitable);
    co_await std::move(w);
  }
  h->seen.push_back(std::to_string(u.message->chat_id) + ":" + *u.message->text);
  if (h->seen.size() >= stop_after) (*poller)->stop();
}

TEST(Poller, HandlesEachChatInOrderAndConfirmsOnlyAfterTheBatch) {
  Harness h;
  h.http.respond(200, batch({update(100, 1, "a1"), update(101, 2, "b1"), update(102, 1, "a2")}));
  h.http.respond(200, batch({update(103, 2, "b2")}));
  Poller* self = nullptr;
  Poller poller(h.io.get_executor(), h.http, kBot, h.state,
                [&](Update u) { return record(&h, &self, std::move(u), 4, 30ms); }, fast());
  self = &poller;
  auto done = boost::asio::co_spawn(h.io, poller.run(), boost::asio::use_future);
  h.io.run();
  ASSERT_TRUE(done.get().has_value());
  ASSERT_EQ(h.seen.size(), 4u);
  // Chat 1 is slow: chat 2's first update is handled before chat 1's, but each chat keeps its order.
  EXPECT_EQ(h.seen[0], "2:b1");
  EXPECT_EQ(h.seen[1], "1:a1");
  EXPECT_EQ(h.seen[2], "1:a2");
  EXPECT_EQ(h.seen[3], "2:b2");
  ASSERT_GE(h.http.requests.size(), 3u);
  EXPECT_EQ(offset_of(h.http.requests[0]), 0);
  EXPECT_EQ(offset_of(h.http.requests[1]), 103) << "the second poll confirms the first batch";
  EXPECT_EQ(offset_of(h.http.requests.back()), 104) << "stopping confirms what was handled";
  EXPECT_EQ(h.state.load_value(kOffsetKey)->value_or(""), "104");
}

TEST(Poller, ResumesFromTheSavedOffset) {
  Harness h;
  ASSERT_TRUE(h.state.save_value(kOffsetKey, "500").has_value());
  h.http.respond(200, batch({update(500, 3, "again?")}));
  Poller* self = nullptr;
  Poller poller(h.io.get_executor(), h.http, kBot, h.state,
                [&](Update u) { return record(&h, &self, std::move(u), 1, 0ms); }, fast());
  self = &poller;
  auto done = boost::asio::co_spawn(h.io, poller.run(), boost::asio::use_future);
  h.io.run();
  ASSERT_TRUE(done.get().has_value());
  EXPECT_EQ(offset_of(h.http.requests.at(0)), 500);
  EXPECT_EQ(h.state.load_value(kOffsetKey)->value_or(""), "501");
}

TEST(Poller, KeepsPollingThroughErrorsAndConflictsButStopsOnABadToken) {
  Harness h;
  h.http.respond(502, "bad gateway");
  h.http.respond(409, R"({"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request"})");
  h.http.fail(core::Error{"http.connect", kBot.base_url + "/bot" + kBot.token + "/getUpdates", "refused"});
  h.http.respond(401, R"({"ok":false,"error_code":401,"description":"Unauthorized"})");
  Poller poller(h.io.get_executor(), h.http, kBot, h.state, [](Update) -> boost::asio::awaitable<void> { co_return; },
                fast());
  auto done = boost::asio::co_spawn(h.io, poller.run(), boost::asio::use_future);
  h.io.run();
  auto result = done.get();
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, "telegram.unauthorized");
  EXPECT_EQ(poller.stats().failed_polls, 4u);
  EXPECT_EQ(poller.stats().conflicts, 1u);
}

boost::asio::awaitable<void> hang(Update) {
  auto ex = co_await boost::asio::this_coro::executor;
  boost::asio::steady_timer t(ex, 10s);
  auto w = t.async_wait(boost::asio::use_awaitable);
  co_await std::move(w);
}

TEST(Poller, AStuckHandlerDoesNotHoldTheStopLongerThanTheBoundAndIsNotConfirmed) {
  Harness h;
  h.http.respond(200, batch({update(10, 1, "stuck"), update(11, 2, "fine")}));
  Poller poller(h.io.get_executor(), h.http, kBot, h.state, [](Update u) {
    return u.message->chat_id == 1 ? hang(std::move(u)) : [](Update) -> boost::asio::awaitable<void> { co_return; }(u);
  }, fast());
  boost::asio::steady_timer stopper(h.io, 50ms);
  stopper.async_wait([&](auto) { poller.stop(); });
  auto done = boost::asio::co_spawn(h.io, poller.run(), boost::asio::use_future);
  const auto start = std::chrono::steady_clock::now();
  while (done.wait_for(0s) != std::future_status::ready) h.io.run_one();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  ASSERT_TRUE(done.get().has_value());
  EXPECT_EQ(h.state.load_value(kOffsetKey)->value_or(""), "10") << "the unfinished update comes back after a restart";
  EXPECT_EQ(poller.stats().unfinished_at_stop, 1u);
}

}  // namespace
}  // namespace dq::telegram
