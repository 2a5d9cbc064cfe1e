#pragma once
// The HTTP seam. CurlHttpClient sends for real (libcurl driven by the Asio loop); the cassette layer's
// replaying client answers from recordings and opens no socket; tests script responses.
//
// Transport failures are values: `http.connect` (refused, DNS), `http.timeout`, `http.io` (reset, truncated
// body, protocol error). An HTTP error status is NOT a failure here: it is a Response with that status.

#include <boost/asio/awaitable.hpp>

#include "bot/core/error.hpp"
#include "bot/http/http_types.hpp"

namespace dq::http {

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual boost::asio::awaitable<core::Result<Response>> send(Request request) = 0;
  // Ends every exchange in flight now: each send() resumes with `http.cancelled`. For a shutdown that must
  // not wait out a long poll. Clients without long-lived exchanges may ignore it.
  virtual void cancel_all() {}
};

}  // namespace dq::http
