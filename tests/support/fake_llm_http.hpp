#pragma once
// The HTTP/1.1 framing of the fake LLM server, as pure functions: parsing a request head (request line and
// headers; the body is framed by Content-Length only, chunked requests are refused) and writing a response
// head. The server does the socket work; these are tested on strings.

#include <cstddef>
#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dq::testing {

inline constexpr std::size_t kMaxRequestHead = 64 * 1024;
inline constexpr std::size_t kMaxRequestBody = 8 * 1024 * 1024;

struct RequestHead {
  std::string method, path, version;
  std::map<std::string, std::string> headers;  // lower-case names; repeated headers joined with ", "
  std::size_t content_length = 0;
  bool keep_alive = true;         // HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with "keep-alive"
  bool expects_continue = false;  // "Expect: 100-continue": the client waits for an interim 100 response
};

// Why a head was refused: the status to answer with (400, 501, 505) and a sentence for the error body.
struct HeadError {
  int status = 400;
  std::string message;
};

// `head` is everything up to and including the blank line that ends it.
std::expected<RequestHead, HeadError> parse_request_head(std::string_view head);

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // besides content-length and connection
  std::string body;
};

// Status line, the response's headers, `content-length: declared_length` and the connection header, ending
// with the blank line. `declared_length` differs from body.size() only for the truncated-body fault.
std::string response_head(const HttpResponse& response, std::size_t declared_length, bool keep_alive);

std::string_view reason_phrase(int status);

}  // namespace dq::testing
