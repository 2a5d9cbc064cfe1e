// CurlHttpClient against a real socket on 127.0.0.1: a tiny scripted HTTP/1.1 server runs on its own
// thread; the client runs on the test's event loop.
#include "bot/http/curl_http_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <functional>
#include <thread>

#include "bot/http/http_errors.hpp"
#include "tests/support/run_loop.hpp"

namespace dq::http {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// Answers each connection once with `answer` (raw bytes), or never (hang) when it is empty; then closes.
// `on_held` runs on the server's thread each time it starts holding a request unanswered.
class TinyServer {
 public:
  explicit TinyServer(std::string answer, std::function<void()> on_held = {})
      : answer_(std::move(answer)),
        on_held_(std::move(on_held)),
        acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TinyServer() {
    io_.stop();
    thread_.join();
  }
  std::string url(const std::string& path = "/v1/messages") const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + path;
  }
  std::string last_request() {
    std::lock_guard lock(mutex_);
    return last_;
  }

 private:
  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      auto s = std::make_shared<tcp::socket>(std::move(socket));
      auto buf = std::make_shared<std::string>();
      asio::async_read_until(
          *s, asio::dynamic_buffer(*buf), "\r\n\r\n",
          [this, s, buf](boost::system::error_code e, std::size_t n) {
            if (e) return;
            // Read the body too (Content-Length), so the request is complete before we answer.
            std::size_t len = 0;
            if (auto p = buf->find("Content-Length: "); p != std::string::npos)
              len = std::stoul(buf->substr(p + 16));
            auto want = n + len;
            auto finish = [this, s, buf, want] {
              {
                std::lock_guard lock(mutex_);
                last_ = buf->substr(0, want);
              }
              if (answer_.empty()) {
                hung_.push_back(s);  // never answer
                if (on_held_) on_held_();
                return;
              }
              asio::async_write(*s, asio::buffer(answer_), [s](boost::system::error_code, std::size_t) {
                boost::system::error_code ignored;
                s->shutdown(tcp::socket::shutdown_both, ignored);
              });
            };
            if (buf->size() >= want) return finish();
            asio::async_read(*s, asio::dynamic_buffer(*buf), asio::transfer_exactly(want - buf->size()),
                             [finish](boost::system::error_code, std::size_t) { finish(); });
          });
      accept();
    });
  }

  std::string answer_;
  std::function<void()> on_held_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex mutex_;
  std::string last_;
  std::vector<std::shared_ptr<tcp::socket>> hung_;
};

std::vector<core::Result<Response>> send_all(std::vector<Request> requests) {
  asio::io_context io;
  CurlHttpClient client(io.get_executor());
  std::vector<core::Result<Response>> results(requests.size(), core::fail("test.not_run", "", ""));
  for (std::size_t i = 0; i < requests.size(); ++i) {
    asio::co_spawn(io, client.send(requests[i]),
                   [&results, i](std::exception_ptr e, core::Result<Response> r) {
                     if (e) std::rethrow_exception(e);
                     results[i] = std::move(r);
                   });
  }
  io.run();
  return results;
}

Request post(std::string url, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  Request r;
  r.url = std::move(url);
  r.headers = {{"content-type", "application/json"}, {"x-api-key", "sk-test"}};
  r.body = R"({"model":"m"})";
  r.timeout = timeout;
  return r;
}

TEST(CurlHttpClient, PostsTheBodyAndHeadersAndReturnsStatusHeadersAndBody) {
  TinyServer server(
      "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 3\r\n"
      "Content-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}");
  auto results = send_all({post(server.url())});
  ASSERT_TRUE(results[0].has_value()) << results[0].error().to_string();
  EXPECT_EQ(results[0]->status, 429);
  EXPECT_EQ(results[0]->body, "{\"ok\":true}");
  EXPECT_EQ(results[0]->header("Retry-After"), "3");
  EXPECT_GT(results[0]->latency_us, 0);
  const std::string req = server.last_request();
  EXPECT_NE(req.find("POST /v1/messages HTTP/1.1"), std::string::npos) << req;
  EXPECT_NE(req.find("x-api-key: sk-test"), std::string::npos) << req;
  EXPECT_NE(req.find("{\"model\":\"m\"}"), std::string::npos) << req;
}

TEST(CurlHttpClient, ManyConcurrentRequestsCompleteOnOneThread) {
  TinyServer server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
  std::vector<Request> requests;
  for (int i = 0; i < 50; ++i) requests.push_back(post(server.url()));
  auto results = send_all(requests);
  for (const auto& r : results) {
    ASSERT_TRUE(r.has_value()) << r.error().to_string();
    EXPECT_EQ(r->body, "hi");
  }
}

TEST(CurlHttpClient, ATimeoutIsAnHttpTimeoutError) {
  TinyServer server("");
  auto results = send_all({post(server.url(), std::chrono::milliseconds(300))});
  ASSERT_FALSE(results[0].has_value());
  EXPECT_EQ(results[0].error().code, "http.timeout");
}

TEST(CurlHttpClient, ATruncatedBodyIsAnIoErrorNotAShortReply) {
  TinyServer server("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"partial\":");
  auto results = send_all({post(server.url())});
  ASSERT_FALSE(results[0].has_value());
  EXPECT_EQ(results[0].error().code, "http.io");
}

TEST(CurlHttpClient, ARefusedConnectionIsAConnectError) {
  std::uint16_t port = 0;
  {
    asio::io_context io;
    tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
    port = a.local_endpoint().port();
  }  // closed again: nothing listens there now
  auto results = send_all({post("http://127.0.0.1:" + std::to_string(port) + "/v1/messages")});
  ASSERT_FALSE(results[0].has_value());
  EXPECT_EQ(results[0].error().code, "http.connect");
}

// The shutdown path of the bot: a long poll held by the server ends as soon as cancel_all() is called, with
// http.cancelled, not after its timeout. cancel_all() runs when the server reports it holds the requests
// (an event posted to the client's loop), so nothing sleeps.
TEST(CurlHttpClient, CancelAllEndsRequestsTheServerHoldsWithTheCancelledCode) {
  asio::io_context io;
  CurlHttpClient client(io.get_executor());
  constexpr int kRequests = 2;
  std::atomic<int> held{0};
  TinyServer server("", [&] {
    if (++held == kRequests) asio::post(io, [&] { client.cancel_all(); });
  });
  std::vector<core::Result<Response>> results(kRequests, core::fail("test.not_run", "", ""));
  for (int i = 0; i < kRequests; ++i) {
    asio::co_spawn(io, client.send(post(server.url(), std::chrono::seconds(120))),
                   [&results, i](std::exception_ptr e, core::Result<Response> r) {
                     if (e) std::rethrow_exception(e);
                     results[i] = std::move(r);
                   });
  }
  const auto start = std::chrono::steady_clock::now();
  io.run();  // returns once both sends have resumed
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60)) << "not the 120 s timeout";
  EXPECT_EQ(held.load(), kRequests);
  for (const auto& r : results) {
    ASSERT_FALSE(r.has_value());
    EXPECT_TRUE(r.error().is(errc::cancelled)) << r.error().to_string();
  }
}

TEST(CurlHttpClient, SendsAgainAfterCancelAll) {
  TinyServer server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
  asio::io_context io;
  CurlHttpClient client(io.get_executor());
  client.cancel_all();  // nothing in flight: a no-op
  auto r = dq::testing::run_to_completion(io, client.send(post(server.url())));
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->body, "hi");
}

}  // namespace
}  // namespace dq::http
