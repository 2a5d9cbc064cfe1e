#include "tests/support/fake_llm_server.hpp"

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/fake_llm_http.hpp"
#include "tests/support/fake_llm_replies.hpp"
#include "tests/support/fake_llm_responses.hpp"

namespace dq::testing {

namespace asio = boost::asio;
using asio::ip::tcp;
using ScriptPtr = std::shared_ptr<const std::vector<ScriptedReply>>;

namespace {

constexpr auto kLingerLimit = std::chrono::seconds(1);
// One accepted socket and the timer its requests wait on; both are closed by stop() from the loop thread.
struct Connection {
  explicit Connection(tcp::socket s) : socket(std::move(s)), timer(socket.get_executor()) {}
  void close() {
    boost::system::error_code ignored;
    timer.cancel();
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }
  tcp::socket socket;
  asio::steady_timer timer;
};

// What the loop decided for one request when it arrived.
struct Admission {
  std::uint64_t sequence = 0;
  std::optional<Fault> fault;
  ScriptPtr replies;
  std::chrono::milliseconds latency{0};
  int retry_after = 1;
};

}  // namespace

class FakeLlmServer::Impl {
 public:
  // --- shared with the test thread (atomics, or under `mutex`) ---
  std::atomic<std::int64_t> latency_ms{0};
  std::atomic<int> retry_after{1};
  std::atomic<int> count{0};
  std::atomic<std::uint16_t> port{0};

  mutable std::mutex mutex;
  std::deque<Fault> faults;
  ScriptPtr replies = std::make_shared<const std::vector<ScriptedReply>>();
  std::vector<ReceivedRequest> received;

  // --- the loop thread's own ---
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::set<std::shared_ptr<Connection>> open;
  bool stopping = false;
  std::thread thread;

  Admission admit(ReceivedRequest request, bool may_fault) {
    std::lock_guard lock(mutex);
    Admission a;
    a.sequence = static_cast<std::uint64_t>(++count);
    received.push_back(std::move(request));
    if (may_fault && !faults.empty()) {
      a.fault = faults.front();
      faults.pop_front();
    }
    a.replies = replies;
    a.latency = std::chrono::milliseconds(latency_ms.load());
    a.retry_after = retry_after.load();
    return a;
  }

  void shutdown() {
    stopping = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    for (const auto& c : open) c->close();
  }

  void spawn_connection(tcp::socket socket) {
    auto c = std::make_shared<Connection>(std::move(socket));
    open.insert(c);
    asio::co_spawn(io, serve(c), [this, c](std::exception_ptr e) {
      open.erase(c);
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        std::cerr << "fake llm server: connection failed: " << ex.what() << "\n";
      }
    });
  }

  asio::awaitable<void> accept_loop() {
    while (!stopping) {
      auto accept = acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      auto [ec, socket] = co_await std::move(accept);
      if (ec == asio::error::operation_aborted || stopping) co_return;
      if (!ec) {
        spawn_connection(std::move(socket));
        continue;
      }
      // Out of descriptors or an aborted handshake: transient; pause rather than spin.
      asio::steady_timer pause(io, std::chrono::milliseconds(10));
      auto wait = pause.async_wait(asio::as_tuple(asio::use_awaitable));
      co_await std::move(wait);
    }
  }

  // Requests in order (keep-alive, pipelining) until the peer closes, a response closes, or stop().
  asio::awaitable<void> serve(std::shared_ptr<Connection> c) {
    std::string buffer;
    for (;;) {
      auto read_head = asio::async_read_until(c->socket, asio::dynamic_buffer(buffer, kMaxRequestHead),
                                              "\r\n\r\n", asio::as_tuple(asio::use_awaitable));
      auto [ec, head_size] = co_await std::move(read_head);
      if (stopping) co_return;
      if (ec == asio::error::not_found) {
        auto refused =
            error_response(Protocol::anthropic, 431, "invalid_request_error", "request head too large", 0);
        auto finish = respond_and_close(c, std::move(refused));
        co_await std::move(finish);
        co_return;
      }
      if (ec) co_return;  // the peer closed (between requests or mid-head)

      auto head = parse_request_head(std::string_view(buffer).substr(0, head_size));
      buffer.erase(0, head_size);
      if (!head) {
        auto refused = error_response(Protocol::anthropic, head.error().status, "invalid_request_error",
                                      head.error().message, 0);
        auto finish = respond_and_close(c, std::move(refused));
        co_await std::move(finish);
        co_return;
      }
      ReceivedRequest request{head->method, head->path, {}, head->headers};
      if (head->content_length > kMaxRequestBody) {
        const auto a = admit(std::move(request), /*may_fault=*/false);
        auto refused = error_response(
            Protocol::anthropic, 413, "request_too_large",
            "Request exceeds the maximum allowed number of bytes (8 MiB in the fake)", a.sequence);
        auto finish = respond_and_close(c, std::move(refused));
        co_await std::move(finish);
        co_return;
      }
      if (head->expects_continue && buffer.size() < head->content_length) {
        static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        auto write =
            asio::async_write(c->socket, asio::buffer(kContinue), asio::as_tuple(asio::use_awaitable));
        auto [write_ec, n] = co_await std::move(write);
        if (write_ec || stopping) co_return;
      }
      if (buffer.size() < head->content_length) {
        auto read_body = asio::async_read(c->socket, asio::dynamic_buffer(buffer),
                                          asio::transfer_exactly(head->content_length - buffer.size()),
                                          asio::as_tuple(asio::use_awaitable));
        auto [body_ec, n] = co_await std::move(read_body);
        if (body_ec || stopping) co_return;
      }
      request.body = buffer.substr(0, head->content_length);
      buffer.erase(0, head->content_length);

      auto respond = handle(c, std::move(request), head->keep_alive);
      const bool keep_going = co_await std::move(respond);
      if (!keep_going) co_return;
    }
  }

  // Answers one request after its latency; false when the connection is done.
  asio::awaitable<bool> handle(std::shared_ptr<Connection> c, ReceivedRequest request, bool keep_alive) {
    const Admission a = admit(request, /*may_fault=*/true);
    if (a.latency.count() > 0) {
      c->timer.expires_after(a.latency);
      auto wait = c->timer.async_wait(asio::as_tuple(asio::use_awaitable));
      co_await std::move(wait);
      if (stopping) co_return false;
    }
    if (a.fault == Fault::timeout) {
      auto hold = discard_until_closed(c);  // the client gives up, or stop() closes the socket
      co_await std::move(hold);
      co_return false;
    }
    HttpResponse response = a.fault ? fault_response(*a.fault, request, *a.replies, a.retry_after, a.sequence)
                                    : answer(request, *a.replies, a.sequence);
    // The latency it was told to take, declared the standard way (W3C Server Timing): a recorder in its
    // reproducible mode stores this instead of the time it measured.
    response.headers.emplace_back("server-timing", "total;dur=" + std::to_string(a.latency.count()));
    if (a.fault == Fault::stall_mid_body || a.fault == Fault::reset_mid_body) {
      std::string out = response_head(response, response.body.size(), /*keep_alive=*/false) +
                        response.body.substr(0, response.body.size() / 2);
      auto write = asio::async_write(c->socket, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
      auto [ec, n] = co_await std::move(write);
      if (ec || stopping) co_return false;
      if (a.fault == Fault::reset_mid_body) {
        boost::system::error_code ignored;
        c->socket.set_option(tcp::socket::linger(true, 0), ignored);  // closing now sends RST
        c->timer.cancel();
        c->socket.close(ignored);
        co_return false;
      }
      auto hold = discard_until_closed(c);  // the client gives up, or stop() closes the socket
      co_await std::move(hold);
      co_return false;
    }
    if (a.fault == Fault::truncated_body) {
      std::string out = response_head(response, response.body.size(), /*keep_alive=*/false) +
                        response.body.substr(0, response.body.size() / 2);
      auto finish = write_and_close(c, std::move(out));
      co_await std::move(finish);
      co_return false;
    }
    if (!keep_alive) {
      auto finish = respond_and_close(c, std::move(response));
      co_await std::move(finish);
      co_return false;
    }
    std::string out = response_head(response, response.body.size(), /*keep_alive=*/true) + response.body;
    auto write = asio::async_write(c->socket, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
    auto [ec, n] = co_await std::move(write);
    co_return !ec && !stopping;
  }

  asio::awaitable<void> respond_and_close(std::shared_ptr<Connection> c, HttpResponse response) {
    std::string out = response_head(response, response.body.size(), /*keep_alive=*/false) + response.body;
    auto finish = write_and_close(c, std::move(out));
    co_await std::move(finish);
  }

  // Sends `out`, then closes gracefully: half-close and drain what the client still sends (bounded), so
  // unread request bytes do not turn the close into a reset that destroys the response in flight.
  asio::awaitable<void> write_and_close(std::shared_ptr<Connection> c, std::string out) {
    auto write = asio::async_write(c->socket, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
    auto [ec, n] = co_await std::move(write);
    if (ec || stopping) co_return;
    boost::system::error_code ignored;
    c->socket.shutdown(tcp::socket::shutdown_send, ignored);
    c->timer.expires_after(kLingerLimit);
    c->timer.async_wait([c](boost::system::error_code timer_ec) {
      if (!timer_ec) c->close();
    });
    auto drain = discard_until_closed(c);
    co_await std::move(drain);
    c->close();
  }

  asio::awaitable<void> discard_until_closed(std::shared_ptr<Connection> c) {
    std::array<char, 16 * 1024> scratch;
    for (;;) {
      auto read = c->socket.async_read_some(asio::buffer(scratch), asio::as_tuple(asio::use_awaitable));
      auto [ec, n] = co_await std::move(read);
      if (ec || stopping) co_return;
    }
  }
};

FakeLlmServer::FakeLlmServer() : impl_(std::make_unique<Impl>()) {}

FakeLlmServer::~FakeLlmServer() {
  stop();
}

void FakeLlmServer::start(std::uint16_t port) {
  Impl& s = *impl_;
  if (s.thread.joinable() || s.stopping) throw std::logic_error("FakeLlmServer::start: already started");
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  s.acceptor.open(endpoint.protocol());
  s.acceptor.set_option(tcp::acceptor::reuse_address(true));
  s.acceptor.bind(endpoint);
  s.acceptor.listen(asio::socket_base::max_listen_connections);
  s.port = s.acceptor.local_endpoint().port();
  asio::co_spawn(s.io, s.accept_loop(), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);  // a bug in the loop: fail loudly rather than stop accepting silently
  });
  s.thread = std::thread([&s] { s.io.run(); });
}

void FakeLlmServer::stop() {
  Impl& s = *impl_;
  if (!s.thread.joinable()) return;
  asio::post(s.io, [&s] { s.shutdown(); });
  s.thread.join();  // returns once every connection coroutine has finished
}

std::uint16_t FakeLlmServer::port() const {
  return impl_->port.load();
}

std::string FakeLlmServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port());
}

void FakeLlmServer::set_latency(std::chrono::milliseconds latency) {
  impl_->latency_ms = latency.count();
}

void FakeLlmServer::set_retry_after_seconds(int seconds) {
  impl_->retry_after = seconds;
}

void FakeLlmServer::inject(Fault fault, int times) {
  std::lock_guard lock(impl_->mutex);
  for (int i = 0; i < times; ++i) impl_->faults.push_back(fault);
}

void FakeLlmServer::set_responses(std::vector<ScriptedReply> replies) {
  auto script = std::make_shared<const std::vector<ScriptedReply>>(std::move(replies));
  std::lock_guard lock(impl_->mutex);
  impl_->replies = std::move(script);
}

std::expected<void, std::string> FakeLlmServer::load_responses(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(path.string() + ": cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  auto replies = parse_scripted_replies(text.str(), path.string());
  if (!replies) return std::unexpected(replies.error());
  set_responses(std::move(*replies));
  return {};
}

int FakeLlmServer::request_count() const {
  return impl_->count.load();
}

std::vector<ReceivedRequest> FakeLlmServer::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->received;
}

}  // namespace dq::testing
