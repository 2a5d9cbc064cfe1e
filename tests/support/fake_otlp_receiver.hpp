#pragma once
// A fake OTLP/HTTP trace receiver on 127.0.0.1 (port 0: the system picks one), one background thread running
// its Asio loop. It accepts `POST /v1/traces` with `Content-Type: application/json`, checks each body against
// the OTLP/JSON rules (otlp_json_rules.hpp) and answers 200 `{}`, or 400 with the broken rule as the body;
// other paths get 404, other methods 405. It can be told to answer a status (503, 429, ...) to the next N
// requests first, with a Retry-After header, and keeps every request it got. It can also hold its answers
// (a receiver that has stopped answering: the client's request stays in flight) until released.
//
// Where it differs from a collector: plain HTTP/1.1, bodies framed by Content-Length only, no protobuf, no
// gzip, no partialSuccess answers.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dq::testing {

struct OtlpRequest {
  std::string method, path, content_type, body;
  int status = 0;                  // what the receiver answered
  std::size_t accepted_spans = 0;  // spans in the body when it was accepted (status 200)
};

class FakeOtlpReceiver {
 public:
  FakeOtlpReceiver();
  ~FakeOtlpReceiver();  // stops
  FakeOtlpReceiver(const FakeOtlpReceiver&) = delete;
  FakeOtlpReceiver& operator=(const FakeOtlpReceiver&) = delete;

  void start();
  void stop();  // closes every connection and joins the thread; idempotent
  std::uint16_t port() const;
  std::string base_url() const;  // "http://127.0.0.1:<port>"

  // The next `times` requests get `status` (and `retry-after: <seconds>` when seconds >= 0) before any check.
  void fail_next(int status, int times, int retry_after_seconds = -1);

  // From now on a request that arrives is read, then left unanswered until release_answers() (or stop()).
  void hold_answers();
  void release_answers();
  // Whether `n` requests have been held (over the receiver's life) within `within`.
  bool wait_for_held(std::size_t n, std::chrono::milliseconds within) const;

  // Whether `happened` holds for the requests answered so far within `within` (asked on each answer).
  bool wait_until(const std::function<bool(const std::vector<OtlpRequest>&)>& happened,
                  std::chrono::milliseconds within) const;

  std::vector<OtlpRequest> requests() const;
  std::size_t accepted_spans() const;  // over every accepted request

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dq::testing
