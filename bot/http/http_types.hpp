#pragma once
// HTTP as the providers and the Telegram transport need it: one request, one complete response.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dq::http {

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  std::string method = "POST";
  std::string url;  // absolute: scheme://host[:port]/path[?query]
  std::vector<Header> headers;
  std::string body;
  std::chrono::milliseconds timeout{120'000};  // whole exchange
};

struct Response {
  int status = 0;
  std::vector<Header> headers;  // names lower-cased
  std::string body;
  std::int64_t latency_us = 0;  // request sent -> response complete
  // The first header with this (case-insensitive) name, or "".
  std::string header(std::string_view name) const;
};

// The path of an absolute URL ("/v1/messages"), without query; "/" when the URL has none.
std::string url_path(std::string_view url);

}  // namespace dq::http
