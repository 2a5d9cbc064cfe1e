#include "tests/support/fake_llm_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/fake_llm_responses.hpp"

namespace dq::testing {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr std::size_t kMaxHeader = 64 * 1024;
constexpr std::size_t kMaxBody = 8 * 1024 * 1024;

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return s.substr(i);
}

std::string serialize(const RawResponse& r, bool close, std::size_t declared_length) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " Fake\r\n";
  for (const auto& [k, v] : r.headers) out += k + ": " + v + "\r\n";
  out += "content-length: " + std::to_string(declared_length) + "\r\n";
  out += close ? "connection: close\r\n\r\n" : "connection: keep-alive\r\n\r\n";
  return out;
}

}  // namespace

bool parse_fault(std::string_view name, Fault& out) {
  static const std::pair<const char*, Fault> kNames[] = {
      {"rate_limit_429", Fault::rate_limit_429}, {"overloaded_529", Fault::overloaded_529},
      {"server_500", Fault::server_500},         {"timeout", Fault::timeout},
      {"truncated_body", Fault::truncated_body}, {"malformed_json", Fault::malformed_json},
      {"wrong_content_type", Fault::wrong_content_type}, {"missing_fields", Fault::missing_fields}};
  for (const auto& [n, f] : kNames)
    if (name == n) {
      out = f;
      return true;
    }
  return false;
}

struct FakeLlmServer::Impl {
  explicit Impl(FakeLlmServer& o) : owner(o), acceptor(io) {}

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto op = acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      auto [ec, socket] = co_await std::move(op);
      if (ec) co_return;
      asio::co_spawn(io, serve(std::move(socket)), asio::detached);
    }
  }

  // One connection: requests in order (keep-alive) until the peer closes or a fault closes it.
  asio::awaitable<void> serve(tcp::socket socket) {
    std::string buffer;
    for (;;) {
      auto read_head = asio::async_read_until(socket, asio::dynamic_buffer(buffer, kMaxHeader), "\r\n\r\n",
                                              asio::as_tuple(asio::use_awaitable));
      auto [ec, head_len] = co_await std::move(read_head);
      if (ec) co_return;
      ReceivedRequest req;
      std::istringstream head(buffer.substr(0, head_len));
      std::string line, version;
      std::getline(head, line);
      std::istringstream(line) >> req.method >> req.path >> version;
      while (std::getline(head, line) && line != "\r") {
        auto colon = line.find(':');
        if (colon != std::string::npos) req.headers[lower(line.substr(0, colon))] = trim(line.substr(colon + 1));
      }
      buffer.erase(0, head_len);
      std::size_t length = 0;
      if (auto it = req.headers.find("content-length"); it != req.headers.end()) length = std::stoul(it->second);
      if (length > kMaxBody) {
        auto too_big = fault_response(Fault::server_500, req, 1);
        too_big.status = 413;
        too_big.body = R"({"type":"error","error":{"type":"request_too_large","message":"Request exceeds the maximum size"}})";
        std::string out = serialize(too_big, true, too_big.body.size()) + too_big.body;
        auto w = asio::async_write(socket, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
        co_await std::move(w);
        co_return;
      }
      if (buffer.size() < length) {
        auto read_body = asio::async_read(socket, asio::dynamic_buffer(buffer), asio::transfer_exactly(length - buffer.size()),
                                          asio::as_tuple(asio::use_awaitable));
        auto [body_ec, n] = co_await std::move(read_body);
        if (body_ec) co_return;
      }
      req.body = buffer.substr(0, length);
      buffer.erase(0, length);

      std::optional<Fault> fault;
      std::vector<ScriptedReply> replies;
      {
        std::lock_guard lock(owner.mutex_);
        owner.received_.push_back(req);
        if (!owner.faults_.empty()) {
          fault = owner.faults_.front();
          owner.faults_.erase(owner.faults_.begin());
        }
        replies = owner.replies_;
      }
      ++owner.count_;

      if (auto ms = owner.latency_ms_.load(); ms > 0) {
        asio::steady_timer wait(io, std::chrono::milliseconds(ms));
        auto w = wait.async_wait(asio::as_tuple(asio::use_awaitable));
        co_await std::move(w);
      }
      if (fault == Fault::timeout) {
        asio::steady_timer forever(io, std::chrono::hours(24));
        auto w = forever.async_wait(asio::as_tuple(asio::use_awaitable));
        co_await std::move(w);
        co_return;
      }
      RawResponse response = fault ? fault_response(*fault, req, owner.retry_after_.load()) : answer(req, replies);
      const bool truncated = fault == Fault::truncated_body;
      if (truncated) response = answer(req, replies);
      const bool close = truncated || lower(req.headers["connection"]) == "close";
      std::string out = serialize(response, close, response.body.size());
      out += truncated ? response.body.substr(0, response.body.size() / 2) : response.body;
      auto w = asio::async_write(socket, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
      auto [write_ec, written] = co_await std::move(w);
      if (write_ec || close) {
        boost::system::error_code ignored;
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        co_return;
      }
    }
  }

  FakeLlmServer& owner;
  asio::io_context io;
  tcp::acceptor acceptor;
};

FakeLlmServer::FakeLlmServer() : impl_(std::make_unique<Impl>(*this)) {}

FakeLlmServer::~FakeLlmServer() { stop(); }

void FakeLlmServer::start(std::uint16_t port) {
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  port_ = impl_->acceptor.local_endpoint().port();
  asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
  thread_ = std::thread([this] { impl_->io.run(); });
}

void FakeLlmServer::stop() {
  impl_->io.stop();
  if (thread_.joinable()) thread_.join();
}

void FakeLlmServer::inject(Fault fault, int times) {
  std::lock_guard lock(mutex_);
  for (int i = 0; i < times; ++i) faults_.push_back(fault);
}

void FakeLlmServer::set_responses(std::vector<ScriptedReply> replies) {
  std::lock_guard lock(mutex_);
  replies_ = std::move(replies);
}

bool FakeLlmServer::load_responses(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = path + ": cannot read";
    return false;
  }
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("responses") || !doc["responses"].is_array()) {
    error = path + ": expected {\"responses\": [{\"match\", \"agent\", \"text\"}, ...]}";
    return false;
  }
  std::vector<ScriptedReply> replies;
  for (const auto& r : doc["responses"]) {
    if (!r.is_object() || !r.contains("text") || !r["text"].is_string()) {
      error = path + ": every response needs a string 'text'";
      return false;
    }
    replies.push_back({r.value("match", ""), r.value("agent", ""), r["text"].get<std::string>()});
  }
  set_responses(std::move(replies));
  return true;
}

std::vector<ReceivedRequest> FakeLlmServer::requests() const {
  std::lock_guard lock(mutex_);
  return received_;
}

}  // namespace dq::testing
