#pragma once
// Answers provider requests from a cassette. It has no network code at all: a request with no recorded
// match is `cassette.no_match` (with the closest recording and a diff; the caller adds scenario/turn/step),
// never a live call. The live request is redacted exactly as a recording is before it is matched, so
// scrubbed recordings match. At `recorded` speed each answer waits its recorded latency on a timer of the
// calling coroutine's executor; at `instant` speed it answers at once.
//
// Not thread-safe: call send() from the thread that runs the loop.

#include <vector>

#include "bot/cassette/cassette.hpp"
#include "bot/cassette/matcher.hpp"
#include "bot/cassette/redactor.hpp"
#include "bot/http/http_client.hpp"

namespace dq::cassette {

enum class ReplaySpeed { instant, recorded };

class ReplayingHttpClient final : public http::HttpClient {
 public:
  ReplayingHttpClient(Cassette cassette, MatchOptions options, Redactor redactor, ReplaySpeed speed);
  ReplayingHttpClient(const ReplayingHttpClient&) = delete;  // the matcher points into cassette_
  ReplayingHttpClient& operator=(const ReplayingHttpClient&) = delete;

  boost::asio::awaitable<core::Result<http::Response>> send(http::Request request) override;

  // Recorded interactions no request has matched (yet).
  std::vector<const Interaction*> unused() const { return matcher_.unused(); }
  const Matcher& matcher() const { return matcher_; }

 private:
  Cassette cassette_;
  Matcher matcher_;
  Redactor redactor_;
  ReplaySpeed speed_;
};

}  // namespace dq::cassette
