#pragma once
// Record/replay at the HTTP level, under the provider clients.
//
// ReplayingHttpClient answers from a cassette and has no network code at all: a request with no recorded
// match is `cassette.no_match` (with the closest recording and a diff). At `recorded` speed it waits the
// recorded latency on a timer of the caller's executor.
// RecordingHttpClient sends through a real client and appends what came back to a cassette, redacted and
// with allow-listed headers; in `missing` mode it first answers from the existing cassette when it can.
// Only 2xx answers are recorded, so a retried 429 leaves just the success in the file.

#include <memory>
#include <optional>

#include "bot/http/http_client.hpp"
#include "cli/cassette/matcher.hpp"

namespace dq::cassette {

// "anthropic" for /v1/messages, "openrouter" for chat completions, "" otherwise.
std::string provider_of_path(std::string_view path);
// The endpoint part of a URL path, from "/v1/" on (base URLs may add a prefix such as "/api").
std::string endpoint_path(std::string_view path);

class ReplayingHttpClient final : public http::HttpClient {
 public:
  ReplayingHttpClient(Cassette cassette, MatchOptions options, Redactor redactor, bool recorded_speed);
  boost::asio::awaitable<core::Result<http::Response>> send(http::Request request) override;
  const Matcher& matcher() const { return *matcher_; }

 private:
  Cassette cassette_;
  std::unique_ptr<Matcher> matcher_;
  Redactor redactor_;
  bool recorded_speed_;
};

class RecordingHttpClient final : public http::HttpClient {
 public:
  // `existing`: answers for `missing` mode (nullptr: record everything). `into` receives new interactions.
  RecordingHttpClient(http::HttpClient& inner, Cassette& into, const Cassette* existing, MatchOptions options,
                      const Redactor& redactor);
  boost::asio::awaitable<core::Result<http::Response>> send(http::Request request) override;

 private:
  http::HttpClient& inner_;
  Cassette& into_;
  std::optional<Matcher> existing_;
  MatchOptions options_;
  const Redactor& redactor_;
  std::map<std::string, int> recorded_keys_;
};

}  // namespace dq::cassette
