#pragma once
// Real HTTP(S) over libcurl, driven by the Asio event loop through curl's multi-socket API: curl tells us
// which sockets to watch and when its timer fires; Asio waits on them. No thread per request: any number of
// transfers run on the loop's one thread (curl may add a resolver thread for host names).
//
// @par Thread safety: construct it on, and call send() from, the thread that runs the executor's
// io_context (one-threaded). Destroying it aborts transfers still running (their send() never resumes, so
// destroy it only after the loop stopped or every send() finished).

#include <boost/asio/any_io_executor.hpp>
#include <memory>

#include "bot/http/http_client.hpp"

namespace dq::http {

struct CurlOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  long max_connections_per_host = 64;
  // A response body longer than this is refused (http.too_large) as soon as it is announced or received:
  // no provider or Telegram answer comes near it, and a broken or hostile server cannot fill the memory.
  std::size_t max_body_bytes = std::size_t{8} << 20;
};

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(boost::asio::any_io_executor executor, CurlOptions options = {});
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  boost::asio::awaitable<core::Result<Response>> send(Request request) override;
  // Call on the loop's thread; the cancelled send()s resume from the loop, not inside this call.
  void cancel_all() override;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace dq::http
