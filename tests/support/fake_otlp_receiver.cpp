#include "tests/support/fake_otlp_receiver.hpp"

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
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tests/support/fake_llm_http.hpp"
#include "tests/support/otlp_json_rules.hpp"

namespace dq::testing {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

struct Failure {
  int status = 0, retry_after_seconds = -1;
};

HttpResponse json_response(int status, std::string body) {
  return {status, {{"content-type", "application/json"}}, std::move(body)};
}

// What a receiver that keeps the rules answers to `request` (which it completes with the answer).
HttpResponse check(OtlpRequest& request) {
  if (request.path != "/v1/traces") return json_response(404, R"({"message":"not found"})");
  if (request.method != "POST") return json_response(405, R"({"message":"method not allowed"})");
  if (!request.content_type.starts_with("application/json"))
    return json_response(415, R"({"message":"want application/json"})");
  if (auto broken = otlp_body_rule_broken(request.body))
    return json_response(400, nlohmann::json{{"message", *broken}}.dump());
  request.accepted_spans = otlp_span_count(nlohmann::json::parse(request.body));
  return json_response(200, "{}");
}

}  // namespace

class FakeOtlpReceiver::Impl {
 public:
  std::atomic<std::uint16_t> port{0};
  mutable std::mutex mutex;  // guards `failures` and `received`
  std::vector<Failure> failures;
  std::vector<OtlpRequest> received;
  std::size_t held_count = 0;  // guarded by `mutex`
  mutable std::condition_variable held_changed;
  mutable std::condition_variable received_changed;
  std::atomic<bool> holding{false};
  std::set<std::shared_ptr<asio::steady_timer>> held;  // the loop thread's: one per answer held

  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::set<std::shared_ptr<tcp::socket>> open;  // the loop thread's
  bool stopping = false;
  std::thread thread;

  HttpResponse answer(OtlpRequest request) {
    std::lock_guard lock(mutex);
    HttpResponse response;
    if (!failures.empty()) {
      const Failure f = failures.front();
      failures.erase(failures.begin());
      response = json_response(f.status, R"({"message":"injected"})");
      if (f.retry_after_seconds >= 0)
        response.headers.emplace_back("retry-after", std::to_string(f.retry_after_seconds));
    } else {
      response = check(request);
    }
    request.status = response.status;
    received.push_back(std::move(request));
    received_changed.notify_all();
    return response;
  }

  void shutdown() {
    stopping = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    for (const auto& s : open) s->close(ignored);
    release_held();
  }

  void release_held() {
    for (const auto& t : held) t->cancel();
  }

  // Waits (on the loop) until release_answers() or stop() while answers are held.
  asio::awaitable<void> wait_if_held() {
    if (!holding) co_return;
    auto t = std::make_shared<asio::steady_timer>(io, asio::steady_timer::time_point::max());
    held.insert(t);
    {
      std::lock_guard lock(mutex);
      ++held_count;
    }
    held_changed.notify_all();
    auto wait = t->async_wait(asio::as_tuple(asio::use_awaitable));
    co_await std::move(wait);
    held.erase(t);
  }

  asio::awaitable<void> accept_loop() {
    while (!stopping) {
      auto accept = acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      auto [ec, socket] = co_await std::move(accept);
      if (ec || stopping) co_return;
      auto s = std::make_shared<tcp::socket>(std::move(socket));
      open.insert(s);
      asio::co_spawn(io, serve(s), [this, s](std::exception_ptr e) {
        open.erase(s);
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          std::cerr << "fake otlp receiver: connection failed: " << ex.what() << "\n";
        }
      });
    }
  }

  // Requests in order (keep-alive) until the peer closes or stop().
  asio::awaitable<void> serve(std::shared_ptr<tcp::socket> s) {
    std::string buffer;
    for (;;) {
      auto read_head = asio::async_read_until(*s, asio::dynamic_buffer(buffer, kMaxRequestHead), "\r\n\r\n",
                                              asio::as_tuple(asio::use_awaitable));
      auto [ec, head_size] = co_await std::move(read_head);
      if (ec || stopping) co_return;
      auto head = parse_request_head(std::string_view(buffer).substr(0, head_size));
      buffer.erase(0, head_size);
      if (!head || head->content_length > kMaxRequestBody) co_return;
      if (buffer.size() < head->content_length) {
        auto read_body = asio::async_read(*s, asio::dynamic_buffer(buffer),
                                          asio::transfer_exactly(head->content_length - buffer.size()),
                                          asio::as_tuple(asio::use_awaitable));
        auto [body_ec, n] = co_await std::move(read_body);
        if (body_ec || stopping) co_return;
      }
      OtlpRequest request{head->method, head->path, "", buffer.substr(0, head->content_length)};
      if (auto it = head->headers.find("content-type"); it != head->headers.end())
        request.content_type = it->second;
      buffer.erase(0, head->content_length);
      co_await wait_if_held();
      if (stopping) co_return;
      const HttpResponse response = answer(std::move(request));
      std::string out = response_head(response, response.body.size(), head->keep_alive) + response.body;
      auto write = asio::async_write(*s, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
      auto [write_ec, n] = co_await std::move(write);
      if (write_ec || stopping || !head->keep_alive) co_return;
    }
  }
};

FakeOtlpReceiver::FakeOtlpReceiver() : impl_(std::make_unique<Impl>()) {}

FakeOtlpReceiver::~FakeOtlpReceiver() {
  stop();
}

void FakeOtlpReceiver::start() {
  Impl& r = *impl_;
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  r.acceptor.open(endpoint.protocol());
  r.acceptor.bind(endpoint);
  r.acceptor.listen(asio::socket_base::max_listen_connections);
  r.port = r.acceptor.local_endpoint().port();
  asio::co_spawn(r.io, r.accept_loop(), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);  // a bug in the loop: fail loudly
  });
  r.thread = std::thread([&r] { r.io.run(); });
}

void FakeOtlpReceiver::stop() {
  Impl& r = *impl_;
  if (!r.thread.joinable()) return;
  asio::post(r.io, [&r] { r.shutdown(); });
  r.thread.join();
}

std::uint16_t FakeOtlpReceiver::port() const {
  return impl_->port.load();
}

std::string FakeOtlpReceiver::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port());
}

void FakeOtlpReceiver::fail_next(int status, int times, int retry_after_seconds) {
  std::lock_guard lock(impl_->mutex);
  for (int i = 0; i < times; ++i) impl_->failures.push_back({status, retry_after_seconds});
}

void FakeOtlpReceiver::hold_answers() {
  impl_->holding = true;
}

void FakeOtlpReceiver::release_answers() {
  Impl& r = *impl_;
  r.holding = false;
  asio::post(r.io, [&r] { r.release_held(); });
}

bool FakeOtlpReceiver::wait_for_held(std::size_t n, std::chrono::milliseconds within) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->held_changed.wait_for(lock, within, [&] { return impl_->held_count >= n; });
}

bool FakeOtlpReceiver::wait_until(const std::function<bool(const std::vector<OtlpRequest>&)>& happened,
                                  std::chrono::milliseconds within) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->received_changed.wait_for(lock, within, [&] { return happened(impl_->received); });
}

std::vector<OtlpRequest> FakeOtlpReceiver::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->received;
}

std::size_t FakeOtlpReceiver::accepted_spans() const {
  std::size_t n = 0;
  for (const auto& r : requests()) n += r.accepted_spans;
  return n;
}

}  // namespace dq::testing
