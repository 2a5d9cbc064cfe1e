#pragma once
// A fake Telegram Bot API server on 127.0.0.1 (https://api.telegram.org/bot<TOKEN>/<method> as plain HTTP):
// getMe, getUpdates (offset confirms, timeout long-polls on a timer, a second poll ends the first with 409),
// sendMessage, editMessageText, answerCallbackQuery, sendDocument (multipart), sendChatAction,
// setMyCommands; parameters as query string, form, JSON or multipart. It validates like the real service:
// HTML entities and tags, 4096 code points of visible text, callback data 1-64 bytes, "message is not
// modified", answering a query twice. It records every call, lets a test play users, and injects 429 (with
// retry_after), 500, 502 and 409. It counts (never enforces) Telegram's flood limits on the messages the
// bot sends (fake_telegram_rate.hpp). One background thread runs its event loop.
//
// Where it differs from Telegram: no TLS; one bot; updates are kept until confirmed (no 24 h expiry); a
// faulted call has no effect; message dates are fixed; the 4096 check counts code points (as TDLib does);
// stricter than Telegram, a bare ">" in HTML text is refused (the docs say to escape it).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/fake_telegram_api.hpp"
#include "tests/support/fake_telegram_rate.hpp"

namespace dq::testing {

// The first four answer with that error and have no effect. The wire faults let the call take effect, then
// send half of the response and stall (until the client gives up) or reset the connection.
enum class TgFault {
  rate_limit_429,
  server_500,
  bad_gateway_502,
  conflict_409,
  stall_mid_body,
  reset_mid_body
};

class FakeTelegramServer {
 public:
  explicit FakeTelegramServer(std::string token = "123456:TEST-TOKEN");
  ~FakeTelegramServer();
  FakeTelegramServer(const FakeTelegramServer&) = delete;
  FakeTelegramServer& operator=(const FakeTelegramServer&) = delete;

  void start(std::uint16_t port = 0);
  void stop();  // idempotent; held polls are closed
  std::uint16_t port() const;
  std::string base_url() const;  // "http://127.0.0.1:PORT"

  // Playing users: each returns the new update_id (and wakes a held getUpdates).
  std::int64_t user_sends(std::int64_t chat_id, std::int64_t user_id, std::string text);
  std::int64_t user_sends_raw(nlohmann::json message_fields);  // e.g. a sticker: no text
  std::int64_t user_presses(std::int64_t chat_id, std::int64_t user_id, std::int64_t message_id,
                            std::string data);

  // Observing the bot.
  std::vector<TgCall> calls() const;
  int count(std::string_view method) const;  // successful and refused calls of `method`
  int held_polls() const;                    // getUpdates calls being held (long polls) right now
  std::vector<TgMessage> bot_messages(std::int64_t chat_id) const;
  std::optional<TgMessage> message(std::int64_t chat_id, std::int64_t message_id) const;
  std::vector<std::string> answered_callbacks() const;
  std::int64_t confirmed_offset() const;
  int pending_updates() const;
  // Re-evaluates `pred` after every change until it holds (true) or `timeout` passes (false).
  bool wait_until(std::function<bool(const FakeTelegramServer&)> pred, std::chrono::milliseconds timeout);

  // Telegram's flood limits, counted on every sendMessage, editMessageText and sendDocument that took
  // effect (faulted calls have none), never enforced: counting changes no reply.
  TgRateCounts rate_counts() const;
  std::int64_t rate_violations() const;    // rate_counts().violations
  void set_rate_rules(TgRateRules rules);  // also resets the counts

  // Called after each bot call other than getUpdates took effect, with the time it arrived; a benchmark
  // times replies with it. It runs on the server's thread under its lock: it must not call the server.
  using CallObserver = std::function<void(const TgCall&, std::chrono::steady_clock::time_point)>;
  void observe_calls(CallObserver observer);

  // The next `times` calls of `method` ("*": any, getUpdates included) get `fault` and have no effect.
  void inject(TgFault fault, std::string method = "*", int times = 1);
  void set_retry_after_seconds(int seconds);
  void set_getupdates_max_timeout(std::chrono::milliseconds cap);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dq::testing
