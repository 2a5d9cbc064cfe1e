#pragma once
// Sends provider requests through a real HttpClient and records what came back into a cassette: redacted,
// with allow-listed headers, numbered by the same identical-request rule the Matcher replays by.
//
//   missing: a request the existing cassette can answer is answered from it (and copied into `into`, so the
//            saved file keeps it); anything else goes to `inner` and is recorded. keep_unused() copies the
//            recordings the run never asked for too, so a save never removes or shortens one.
//   all:     every request goes to `inner` and is recorded; `existing` is ignored.
//
// Only 2xx answers are recorded: a 429 or 529 that the provider client retries leaves just the success in
// the file, which is what a replay (which never retries) asks for. Errors and non-2xx answers are passed
// through unchanged. The caller saves `into` with save_cassette when the scenario is done.
//
// Not thread-safe: call send() from the thread that runs the loop. Identical requests in flight at the same
// time are numbered in the order their answers arrive.
//
// Reproducible recording (`source_date_epoch`, the reproducible-builds.org SOURCE_DATE_EPOCH convention):
// nothing measured reaches the file, so the same requests answered the same way give the same bytes. Every
// recorded_at is that instant, and latency_ms is the latency the server declares
// (`server-timing: total;dur=N`, as the fake LLM server sends it), 0 when it declares none. Without it
// (the default, and what a recording of a real provider uses), recorded_at is the clock's wall time and
// latency_ms the time the request took.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "bot/cassette/cassette.hpp"
#include "bot/cassette/matcher.hpp"
#include "bot/cassette/redactor.hpp"
#include "bot/core/clock.hpp"
#include "bot/http/http_client.hpp"

namespace dq::cassette {

enum class RecordMode { missing, all };

class RecordingHttpClient final : public http::HttpClient {
 public:
  // `inner`, `into`, `existing` (may be nullptr) and `clock` (stamps recorded_at) must outlive the client.
  // `source_date_epoch` (seconds since 1970, UTC): record reproducibly, as above.
  RecordingHttpClient(http::HttpClient& inner, Cassette& into, RecordMode mode, const Cassette* existing,
                      MatchOptions options, Redactor redactor, const core::Clock& clock,
                      std::optional<std::int64_t> source_date_epoch = std::nullopt);
  RecordingHttpClient(const RecordingHttpClient&) = delete;
  RecordingHttpClient& operator=(const RecordingHttpClient&) = delete;

  boost::asio::awaitable<core::Result<http::Response>> send(http::Request request) override;
  // missing: appends to `into` every existing recording no request has used yet (numbered after those that
  // were). Call once, before saving.
  void keep_unused();

 private:
  void append(Interaction interaction, const MatchKey& key);

  http::HttpClient& inner_;
  Cassette& into_;
  RecordMode mode_;
  std::optional<Matcher> existing_;
  MatchOptions options_;
  Redactor redactor_;
  const core::Clock& clock_;
  std::optional<std::int64_t> source_date_epoch_;
  std::map<std::string, int> recorded_;  // identity -> how many recorded so far: the next order
};

// The value of SOURCE_DATE_EPOCH: nullopt when unset or empty, else a whole number of seconds since 1970
// (digits only; the convention asks a malformed value to be an error, not ignored:
// cassette.bad_source_date_epoch).
core::Result<std::optional<std::int64_t>> parse_source_date_epoch(std::optional<std::string_view> value);

}  // namespace dq::cassette
