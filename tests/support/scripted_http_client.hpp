#pragma once
// An HttpClient that answers from a queue of scripted results and records every request it was sent.

#include <deque>
#include <vector>

#include "bot/http/http_client.hpp"

namespace dq::testing {

class ScriptedHttpClient final : public http::HttpClient {
 public:
  void respond(int status, std::string body, std::vector<http::Header> headers = {}) {
    http::Response r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    results_.push_back(std::move(r));
  }
  void respond(http::Response response) { results_.push_back(std::move(response)); }
  void fail(core::Error e) { results_.push_back(std::unexpected(std::move(e))); }

  boost::asio::awaitable<core::Result<http::Response>> send(http::Request request) override {
    requests.push_back(std::move(request));
    if (results_.empty()) co_return core::fail("http.io", "", "no scripted response left");
    auto r = std::move(results_.front());
    results_.pop_front();
    co_return r;
  }

  std::vector<http::Request> requests;

 private:
  std::deque<core::Result<http::Response>> results_;
};

}  // namespace dq::testing
