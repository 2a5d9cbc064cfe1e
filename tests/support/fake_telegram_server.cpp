#include "tests/support/fake_telegram_server.hpp"

#include <array>
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
#include <charconv>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/support/fake_llm_http.hpp"

namespace dq::testing {

namespace asio = boost::asio;
using asio::ip::tcp;
using nlohmann::json;

namespace {

// The chat a message call goes to (a numeric chat_id, as the bot sends it), or nullopt when the call is
// not a message Telegram's flood limits count.
std::optional<std::int64_t> message_chat(const std::string& lower_method, const json& params) {
  if (lower_method != "sendmessage" && lower_method != "editmessagetext" && lower_method != "senddocument")
    return std::nullopt;
  const auto it = params.find("chat_id");
  if (it == params.end()) return 0;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_string()) {
    const std::string& text = it->get_ref<const std::string&>();
    std::int64_t id = 0;
    std::from_chars(text.data(), text.data() + text.size(), id);
    return id;
  }
  return 0;
}

std::int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

HttpResponse to_http(const TgReply& r) {
  // Invalid UTF-8 (which Telegram never sends) must not take the fake down: replace it.
  return {r.status,
          {{"content-type", "application/json"}},
          r.body.dump(-1, ' ', false, json::error_handler_t::replace)};
}

struct Connection {
  explicit Connection(tcp::socket s) : socket(std::move(s)) {}
  void close() {
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }
  tcp::socket socket;
};

struct HeldPoll {
  explicit HeldPoll(asio::io_context& io) : timer(io) {}
  asio::steady_timer timer;
  bool conflicted = false;
};

}  // namespace

class FakeTelegramServer::Impl {
 public:
  explicit Impl(std::string token) : api(std::move(token)) {}

  // Shared with the test thread, under `mutex`.
  mutable std::mutex mutex;
  std::condition_variable changed;
  std::uint64_t version = 0;
  FakeTelegramApi api;
  std::map<std::string, std::deque<TgFault>> faults;
  int retry_after = 1;
  std::chrono::milliseconds max_poll{std::chrono::hours(1)};
  std::uint16_t port = 0;
  int held_polls = 0;  // getUpdates calls waiting right now
  TgRateWatch rates;
  CallObserver observer;

  // The loop thread's own.
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::set<std::shared_ptr<Connection>> open;
  std::shared_ptr<HeldPoll> held;
  std::set<std::shared_ptr<HeldPoll>> polls;
  bool stopping = false;
  std::thread thread;

  void bump() {  // under `mutex`
    ++version;
    changed.notify_all();
  }

  void wake_poll() {
    asio::post(io, [this] {
      if (held) held->timer.cancel();
    });
  }

  std::optional<TgFault> take_fault(const std::string& method) {  // under `mutex`
    for (const std::string& key : {method, std::string("*")}) {
      auto it = faults.find(key);
      if (it != faults.end() && !it->second.empty()) {
        TgFault f = it->second.front();
        it->second.pop_front();
        return f;
      }
    }
    return std::nullopt;
  }

  TgReply fault_reply(TgFault f) const {
    switch (f) {
      case TgFault::rate_limit_429:
        return FakeTelegramApi::error(429, "Too Many Requests: retry after " + std::to_string(retry_after),
                                      retry_after);
      case TgFault::server_500:
        return FakeTelegramApi::error(500, "Internal Server Error");
      case TgFault::bad_gateway_502:
        return FakeTelegramApi::error(502, "Bad Gateway");
      case TgFault::conflict_409:
        return FakeTelegramApi::error(409,
                                      "Conflict: terminated by other getUpdates request; make sure that only "
                                      "one bot instance is running");
      case TgFault::stall_mid_body:
      case TgFault::reset_mid_body:
        break;  // not an error reply: see answer()
    }
    return FakeTelegramApi::error(500, "Internal Server Error");
  }

  void shutdown() {
    stopping = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    for (const auto& p : polls) p->timer.cancel();
    for (const auto& c : open) c->close();
  }

  asio::awaitable<void> accept_loop() {
    while (!stopping) {
      auto accept = acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      auto [ec, socket] = co_await std::move(accept);
      if (ec == asio::error::operation_aborted || stopping) co_return;
      if (ec) continue;
      auto c = std::make_shared<Connection>(std::move(socket));
      open.insert(c);
      asio::co_spawn(io, serve(c), [this, c](std::exception_ptr) { open.erase(c); });
    }
  }

  asio::awaitable<void> serve(std::shared_ptr<Connection> c) {
    std::string buffer;
    for (;;) {
      auto read_head = asio::async_read_until(c->socket, asio::dynamic_buffer(buffer, kMaxRequestHead),
                                              "\r\n\r\n", asio::as_tuple(asio::use_awaitable));
      auto [ec, head_size] = co_await std::move(read_head);
      if (ec || stopping) co_return;
      auto head = parse_request_head(std::string_view(buffer).substr(0, head_size));
      buffer.erase(0, head_size);
      if (!head || head->content_length > kMaxRequestBody) co_return;
      if (head->expects_continue && buffer.size() < head->content_length) {
        static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        auto write =
            asio::async_write(c->socket, asio::buffer(kContinue), asio::as_tuple(asio::use_awaitable));
        auto [wec, n] = co_await std::move(write);
        if (wec) co_return;
      }
      if (buffer.size() < head->content_length) {
        auto read_body = asio::async_read(c->socket, asio::dynamic_buffer(buffer),
                                          asio::transfer_exactly(head->content_length - buffer.size()),
                                          asio::as_tuple(asio::use_awaitable));
        auto [bec, n] = co_await std::move(read_body);
        if (bec || stopping) co_return;
      }
      std::string body = buffer.substr(0, head->content_length);
      buffer.erase(0, head->content_length);
      auto content_type = head->headers.find("content-type");
      auto op = answer(head->path, content_type == head->headers.end() ? "" : content_type->second,
                       std::move(body));
      TgReply reply = co_await std::move(op);
      if (stopping) co_return;
      HttpResponse response = to_http(reply);
      std::string out = response_head(response, response.body.size(), head->keep_alive) + response.body;
      if (!reply.wire_fault.empty()) out.resize(out.size() - response.body.size() / 2);
      auto write = asio::async_write(c->socket, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
      auto [wec, n] = co_await std::move(write);
      if (reply.wire_fault == "reset") {
        boost::system::error_code ignored;
        c->socket.set_option(tcp::socket::linger(true, 0), ignored);  // closing now sends RST
        c->socket.close(ignored);
        co_return;
      }
      if (reply.wire_fault == "stall") {  // until the client gives up, or stop() closes the socket
        std::array<char, 4096> scratch;
        for (;;) {
          auto read = c->socket.async_read_some(asio::buffer(scratch), asio::as_tuple(asio::use_awaitable));
          auto [rec, rn] = co_await std::move(read);
          if (rec || stopping) co_return;
        }
      }
      if (wec || !head->keep_alive) co_return;
    }
  }

  asio::awaitable<TgReply> answer(std::string target, std::string content_type, std::string body) {
    const auto q = target.find('?');
    const std::string path = target.substr(0, q);
    const std::string query = q == std::string::npos ? "" : target.substr(q + 1);
    const std::string prefix = "/bot" + api.token() + "/";
    if (!path.starts_with("/bot")) co_return FakeTelegramApi::error(404, "Not Found");
    if (!path.starts_with(prefix)) co_return FakeTelegramApi::error(401, "Unauthorized");
    const std::string method = path.substr(prefix.size());
    std::string doc_name, doc;
    auto params = decode_params(query, content_type, body, &doc_name, &doc);
    if (!params) co_return FakeTelegramApi::error(400, "Bad Request: can't parse request parameters");
    if (!doc_name.empty()) {
      (*params)["document_name"] = doc_name;
      (*params)["document_content"] = doc;
    }
    std::string lower = method;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::string wire_fault;
    {
      std::lock_guard lock(mutex);
      if (auto fault = take_fault(lower == "getupdates" ? "getUpdates" : method)) {
        if (*fault == TgFault::stall_mid_body || *fault == TgFault::reset_mid_body) {
          wire_fault = *fault == TgFault::stall_mid_body ? "stall" : "reset";
        } else {
          TgReply r = fault_reply(*fault);
          api.record({method, *params, r.status, r.body.value("description", "")});
          bump();
          co_return r;
        }
      }
      if (lower != "getupdates") {
        const auto arrived = std::chrono::steady_clock::now();
        if (auto chat = message_chat(lower, *params)) rates.message(*chat, arrived);
        TgReply r = api.call(method, *params, now_s());
        if (observer && !api.calls().empty()) observer(api.calls().back(), arrived);
        bump();
        r.wire_fault = std::move(wire_fault);
        co_return r;
      }
    }
    auto poll = get_updates(*params);
    TgReply r = co_await std::move(poll);
    r.wire_fault = std::move(wire_fault);
    co_return r;
  }

  asio::awaitable<TgReply> get_updates(json params) {
    const int timeout = params.contains("timeout") && params["timeout"].is_number_integer()
                            ? params["timeout"].get<int>()
                            : 0;
    {
      std::lock_guard lock(mutex);
      if (timeout <= 0 || api.has_updates(params)) {
        TgReply r = api.take_updates(params);
        bump();
        co_return r;
      }
    }
    if (held) {  // only one poller per token: the newer request ends the older one
      held->conflicted = true;
      held->timer.cancel();
    }
    auto me = std::make_shared<HeldPoll>(io);
    held = me;
    polls.insert(me);
    std::chrono::milliseconds wait = std::chrono::seconds(timeout);
    {
      std::lock_guard lock(mutex);
      wait = std::min(wait, max_poll);
      ++held_polls;
      bump();
    }
    me->timer.expires_after(wait);
    auto sleep = me->timer.async_wait(asio::as_tuple(asio::use_awaitable));
    co_await std::move(sleep);
    polls.erase(me);
    if (held == me) held.reset();
    std::lock_guard lock(mutex);
    --held_polls;
    if (me->conflicted) {
      TgReply r = fault_reply(TgFault::conflict_409);
      api.record({"getUpdates", params, 409, r.body.value("description", "")});
      bump();
      co_return r;
    }
    TgReply r = api.take_updates(params);
    bump();
    co_return r;
  }
};

FakeTelegramServer::FakeTelegramServer(std::string token) : impl_(std::make_unique<Impl>(std::move(token))) {}

FakeTelegramServer::~FakeTelegramServer() {
  stop();
}

void FakeTelegramServer::start(std::uint16_t port) {
  Impl& s = *impl_;
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  s.acceptor.open(endpoint.protocol());
  s.acceptor.set_option(tcp::acceptor::reuse_address(true));
  s.acceptor.bind(endpoint);
  s.acceptor.listen(asio::socket_base::max_listen_connections);
  {
    std::lock_guard lock(s.mutex);
    s.port = s.acceptor.local_endpoint().port();
  }
  asio::co_spawn(s.io, s.accept_loop(), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);  // a bug in the fake: fail the test loudly
  });
  s.thread = std::thread([&s] { s.io.run(); });
}

void FakeTelegramServer::stop() {
  Impl& s = *impl_;
  if (!s.thread.joinable()) return;
  asio::post(s.io, [&s] { s.shutdown(); });
  s.thread.join();
}

std::uint16_t FakeTelegramServer::port() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->port;
}

std::string FakeTelegramServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port());
}

std::int64_t FakeTelegramServer::user_sends(std::int64_t chat_id, std::int64_t user_id, std::string text) {
  std::int64_t id;
  {
    std::lock_guard lock(impl_->mutex);
    id = impl_->api.user_sends(chat_id, user_id, std::move(text), now_s());
    impl_->bump();
  }
  impl_->wake_poll();
  return id;
}

std::int64_t FakeTelegramServer::user_sends_raw(json message_fields) {
  std::int64_t id;
  {
    std::lock_guard lock(impl_->mutex);
    id = impl_->api.user_sends_raw(std::move(message_fields), now_s());
    impl_->bump();
  }
  impl_->wake_poll();
  return id;
}

std::int64_t FakeTelegramServer::user_presses(std::int64_t chat_id, std::int64_t user_id,
                                              std::int64_t message_id, std::string data) {
  std::int64_t id;
  {
    std::lock_guard lock(impl_->mutex);
    id = impl_->api.user_presses(chat_id, user_id, message_id, std::move(data));
    impl_->bump();
  }
  impl_->wake_poll();
  return id;
}

std::vector<TgCall> FakeTelegramServer::calls() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->api.calls();
}

int FakeTelegramServer::held_polls() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->held_polls;
}

int FakeTelegramServer::count(std::string_view method) const {
  std::lock_guard lock(impl_->mutex);
  int n = 0;
  for (const auto& c : impl_->api.calls()) n += c.method == method;
  return n;
}

std::vector<TgMessage> FakeTelegramServer::bot_messages(std::int64_t chat_id) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->api.bot_messages(chat_id);
}

std::optional<TgMessage> FakeTelegramServer::message(std::int64_t chat_id, std::int64_t message_id) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->api.message(chat_id, message_id);
}

std::vector<std::string> FakeTelegramServer::answered_callbacks() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->api.answered_callbacks();
}

std::int64_t FakeTelegramServer::confirmed_offset() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->api.confirmed_offset();
}

int FakeTelegramServer::pending_updates() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->api.pending_updates();
}

bool FakeTelegramServer::wait_until(std::function<bool(const FakeTelegramServer&)> pred,
                                    std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::uint64_t seen;
    {
      std::lock_guard lock(impl_->mutex);
      seen = impl_->version;
    }
    if (pred(*this)) return true;
    std::unique_lock lock(impl_->mutex);
    const bool changed = impl_->changed.wait_until(lock, deadline, [&] { return impl_->version != seen; });
    lock.unlock();  // pred takes the lock itself: calling it with the lock held hung every timed-out wait
    if (!changed) return pred(*this);
  }
}

void FakeTelegramServer::inject(TgFault fault, std::string method, int times) {
  std::lock_guard lock(impl_->mutex);
  for (int i = 0; i < times; ++i) impl_->faults[method].push_back(fault);
}

void FakeTelegramServer::set_retry_after_seconds(int seconds) {
  std::lock_guard lock(impl_->mutex);
  impl_->retry_after = seconds;
}

TgRateCounts FakeTelegramServer::rate_counts() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->rates.counts();
}

std::int64_t FakeTelegramServer::rate_violations() const {
  return rate_counts().violations;
}

void FakeTelegramServer::set_rate_rules(TgRateRules rules) {
  std::lock_guard lock(impl_->mutex);
  impl_->rates = TgRateWatch(rules);
}

void FakeTelegramServer::observe_calls(CallObserver observer) {
  std::lock_guard lock(impl_->mutex);
  impl_->observer = std::move(observer);
}

void FakeTelegramServer::set_getupdates_max_timeout(std::chrono::milliseconds cap) {
  std::lock_guard lock(impl_->mutex);
  impl_->max_poll = cap;
}

}  // namespace dq::testing
