#include "bot/http/curl_http_client.hpp"

#include <curl/curl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cctype>
#include <map>
#include <mutex>
#include <set>
#include <vector>

#include "bot/http/http_errors.hpp"

namespace dq::http {
namespace {

namespace asio = boost::asio;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// One request in flight. Owned by the coroutine in send(); curl holds a raw pointer (CURLOPT_PRIVATE) while
// the easy handle is in the multi handle.
struct Transfer;
using Registry = std::set<Transfer*>;

struct Transfer {
  Transfer(asio::any_io_executor ex, std::shared_ptr<Registry> reg)
      : done(ex, asio::steady_timer::time_point::max()), registry(std::move(reg)) {}
  ~Transfer() {
    registry->erase(this);
    if (easy) curl_easy_cleanup(easy);  // also detaches it from the multi handle if still there
    if (headers) curl_slist_free_all(headers);
  }
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string body;  // kept alive for CURLOPT_POSTFIELDS
  Response response;
  CURLcode result = CURLE_OK;
  char error[CURL_ERROR_SIZE] = {};
  bool finished = false;
  bool cancelled = false;
  std::size_t max_body = 0;
  bool too_large = false;
  asio::steady_timer done;             // cancelled when the transfer finishes: the coroutine waits on it
  std::shared_ptr<Registry> registry;  // the client's set of transfers in its multi handle
};

// A socket curl asked us to watch.
struct Watched {
  Watched(asio::any_io_executor ex, curl_socket_t fd) : descriptor(ex, fd) {}
  asio::posix::stream_descriptor descriptor;
  int want = CURL_POLL_NONE;
  bool reading = false;
  bool writing = false;
};

}  // namespace

struct CurlHttpClient::Impl {
  Impl(asio::any_io_executor ex, CurlOptions opts) : executor(ex), options(opts), timer(ex) {
    global_init();
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &Impl::on_socket);
    curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &Impl::on_timer);
    curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.max_connections_per_host);
  }

  ~Impl() {
    *alive_token = false;
    timer.cancel();
    for (auto& [fd, w] : sockets) {
      w->descriptor.cancel();
      w->descriptor.release();  // curl owns and closes its sockets
    }
    sockets.clear();
    for (auto* t : *active) curl_multi_remove_handle(multi, t->easy);
    active->clear();
    curl_multi_cleanup(multi);
  }

  // --- curl -> us: which sockets to watch, when to call back ---

  static int on_socket(CURL*, curl_socket_t fd, int what, void* userp, void*) {
    auto* self = static_cast<Impl*>(userp);
    if (what == CURL_POLL_REMOVE) {
      if (auto it = self->sockets.find(fd); it != self->sockets.end()) {
        it->second->descriptor.cancel();
        it->second->descriptor.release();
        self->sockets.erase(it);
      }
      return 0;
    }
    auto& w = self->sockets[fd];
    if (!w) w = std::make_shared<Watched>(self->executor, fd);
    w->want = what;
    self->arm(fd, w);
    return 0;
  }

  static int on_timer(CURLM*, long timeout_ms, void* userp) {
    auto* self = static_cast<Impl*>(userp);
    self->timer.cancel();
    if (timeout_ms < 0) return 0;
    self->timer.expires_after(std::chrono::milliseconds(timeout_ms));
    self->timer.async_wait([self, alive = self->alive_token](const boost::system::error_code& ec) {
      if (ec || !*alive) return;
      self->act(CURL_SOCKET_TIMEOUT, 0);
    });
    return 0;
  }

  void arm(curl_socket_t fd, const std::shared_ptr<Watched>& w) {
    if ((w->want & CURL_POLL_IN) && !w->reading) {
      w->reading = true;
      w->descriptor.async_wait(
          asio::posix::stream_descriptor::wait_read,
          [this, fd, weak = std::weak_ptr<Watched>(w)](const boost::system::error_code& ec) {
            auto sw = weak.lock();
            if (!sw) return;
            sw->reading = false;
            if (ec) return;
            act(fd, CURL_CSELECT_IN);
          });
    }
    if ((w->want & CURL_POLL_OUT) && !w->writing) {
      w->writing = true;
      w->descriptor.async_wait(
          asio::posix::stream_descriptor::wait_write,
          [this, fd, weak = std::weak_ptr<Watched>(w)](const boost::system::error_code& ec) {
            auto sw = weak.lock();
            if (!sw) return;
            sw->writing = false;
            if (ec) return;
            act(fd, CURL_CSELECT_OUT);
          });
    }
  }

  // Tells curl a socket is ready (or its timer fired), then re-arms what it still wants and completes what
  // finished.
  void act(curl_socket_t fd, int events) {
    int running = 0;
    curl_multi_socket_action(multi, fd, events, &running);
    if (fd != CURL_SOCKET_TIMEOUT)
      if (auto it = sockets.find(fd); it != sockets.end()) arm(fd, it->second);
    collect();
  }

  void collect() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
      t->result = msg->data.result;
      curl_multi_remove_handle(multi, t->easy);
      active->erase(t);
      t->finished = true;
      t->done.cancel();
    }
  }

  asio::any_io_executor executor;
  CurlOptions options;
  CURLM* multi = nullptr;
  asio::steady_timer timer;
  std::map<curl_socket_t, std::shared_ptr<Watched>> sockets;
  std::shared_ptr<Registry> active = std::make_shared<Registry>();
  std::shared_ptr<bool> alive_token = std::make_shared<bool>(true);
};

namespace {

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  if (t->response.body.size() + size * n > t->max_body) {
    t->too_large = true;
    return 0;  // curl ends the transfer (CURLE_WRITE_ERROR)
  }
  t->response.body.append(data, size * n);
  return size * n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) {
    t->response.headers.clear();  // a new response (after 100 Continue or a redirect)
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    t->response.headers.push_back({lower(line.substr(0, colon)), trim(line.substr(colon + 1))});
  }
  return size * n;
}

core::Error transport_error(const Transfer& t, const std::string& url) {
  std::string detail = t.error[0] != '\0' ? std::string(t.error) : curl_easy_strerror(t.result);
  if (t.too_large || t.result == CURLE_FILESIZE_EXCEEDED)
    return {std::string(errc::too_large), url,
            "the response body is over " + std::to_string(t.max_body >> 20) +
                " MiB; refused (a broken or hostile server?)"};
  switch (t.result) {
    case CURLE_OPERATION_TIMEDOUT:
      return {std::string(errc::timeout), url, "no complete answer in time: " + detail};
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return {std::string(errc::connect), url, "cannot connect: " + detail};
    default:
      return {std::string(errc::io), url, detail};
  }
}

}  // namespace

CurlHttpClient::CurlHttpClient(asio::any_io_executor executor, CurlOptions options)
    : impl_(std::make_unique<Impl>(std::move(executor), options)) {}

CurlHttpClient::~CurlHttpClient() = default;

void CurlHttpClient::cancel_all() {
  Impl& m = *impl_;
  std::vector<Transfer*> running(m.active->begin(), m.active->end());
  for (Transfer* t : running) {
    curl_multi_remove_handle(m.multi, t->easy);
    m.active->erase(t);
    t->cancelled = true;
    t->finished = true;
    t->done.cancel();
  }
}

asio::awaitable<core::Result<Response>> CurlHttpClient::send(Request request) {
  Impl& m = *impl_;
  auto transfer = std::make_unique<Transfer>(m.executor, m.active);
  Transfer& t = *transfer;
  t.easy = curl_easy_init();
  if (t.easy == nullptr) co_return core::fail(errc::io, request.url, "curl_easy_init failed");
  t.body = std::move(request.body);
  CURL* e = t.easy;
  curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error);
  t.max_body = m.options.max_body_bytes;
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(t.max_body));
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m.options.connect_timeout.count()));
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode
  if (request.method == "POST") {
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, t.body.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  for (const auto& h : request.headers)
    t.headers = curl_slist_append(t.headers, (h.name + ": " + h.value).c_str());
  t.headers = curl_slist_append(t.headers, "Expect:");  // no 100-continue round trip
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);

  const auto started = std::chrono::steady_clock::now();
  m.active->insert(&t);
  if (CURLMcode rc = curl_multi_add_handle(m.multi, e); rc != CURLM_OK) {
    m.active->erase(&t);
    co_return core::fail(errc::io, request.url,
                         std::string("curl_multi_add_handle: ") + curl_multi_strerror(rc));
  }
  // Adding the handle makes curl call on_timer(0); the transfer then advances from the loop's callbacks.
  while (!t.finished) {
    auto wait = t.done.async_wait(asio::as_tuple(asio::use_awaitable));
    co_await std::move(wait);
  }
  t.response.latency_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started)
          .count();
  if (t.cancelled) co_return core::fail(errc::cancelled, request.url, "cancelled (shutting down)");
  if (t.result != CURLE_OK) co_return std::unexpected(transport_error(t, request.url));
  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  t.response.status = static_cast<int>(status);
  co_return std::move(t.response);
}

}  // namespace dq::http
