#pragma once
// POSTs OTLP/JSON bodies to an OTLP/HTTP receiver (`/v1/traces`), one request at a time, through the
// HttpClient seam, with the retry rules of the OTLP/HTTP exporter spec: 429, 502, 503 and 504 and failures to
// connect or to get an answer are retried after a backoff (the receiver's Retry-After when it gives one, in
// seconds), up to `max_attempts` per batch; any other status is final. Waits go through trace::Timers, so
// tests run on fake time.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.hpp"
#include "bot/http/http_client.hpp"
#include "bot/trace/timer.hpp"

namespace dq::otlp {

struct SendPolicy {
  int max_attempts = 5;                          // per batch
  std::chrono::milliseconds first_backoff{500};  // doubled after each retry
  std::chrono::milliseconds max_backoff{8'000};  // and a Retry-After is capped here too
  std::chrono::milliseconds request_timeout{30'000};
  // Asked before every attempt: true ends the send there (export.send_failed). For a shutdown, with the
  // client's cancel_all() and the backoff timer's cancel() ending the wait under way.
  std::function<bool()> stopped = {};
};

struct SendReport {
  int requests = 0;  // every POST made, retries included
  int batches = 0;   // accepted batches
};

// The URL to POST to: `endpoint` itself when it has a path, else `endpoint` + "/v1/traces" (as OTLP/HTTP
// exporters do with OTEL_EXPORTER_OTLP_ENDPOINT). export.bad_endpoint unless http:// or https://.
core::Result<std::string> traces_url(std::string_view endpoint);

// Whether a status is worth another attempt (429, 502, 503, 504).
bool retryable_status(int status);

// Sends every batch in order; stops at the first batch that fails for good: export.send_failed (attempts
// used up, naming the URL and the last status or transport error) or export.rejected (a final status, with
// the receiver's body as detail).
boost::asio::awaitable<core::Result<SendReport>> send_batches(http::HttpClient& client, trace::Timers& timers,
                                                              boost::asio::any_io_executor executor,
                                                              std::string url,
                                                              std::vector<std::string> batches,
                                                              SendPolicy policy);

}  // namespace dq::otlp
