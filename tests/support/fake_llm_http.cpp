#include "tests/support/fake_llm_http.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace dq::testing {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::none_of(s.begin(), s.end(), [](char c) {
    return c <= ' ' || c == ':' || c == '"' || c == '(' || c == ')' || c == ',' || c == 127;
  });
}

// Splits off the next line (without its CR LF or bare LF).
std::string_view next_line(std::string_view& rest) {
  const auto eol = rest.find('\n');
  std::string_view line = rest.substr(0, eol);
  rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::unexpected<HeadError> refuse(int status, std::string message) {
  return std::unexpected(HeadError{status, std::move(message)});
}

bool has_token(std::string_view list, std::string_view token) {
  const std::string l = lower(list);
  std::string_view rest = l;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    if (trim(rest.substr(0, comma)) == token) return true;
    rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
  }
  return false;
}

}  // namespace

std::expected<RequestHead, HeadError> parse_request_head(std::string_view head) {
  RequestHead out;
  std::string_view rest = head;
  const std::string_view request_line = next_line(rest);
  const auto sp1 = request_line.find(' ');
  const auto sp2 = sp1 == std::string_view::npos ? sp1 : request_line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || request_line.find(' ', sp2 + 1) != std::string_view::npos)
    return refuse(400, "malformed request line");
  out.method = request_line.substr(0, sp1);
  out.path = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  out.version = request_line.substr(sp2 + 1);
  if (!is_token(out.method) || out.path.empty() || out.path.front() != '/')
    return refuse(400, "malformed request line");
  if (out.version != "HTTP/1.1" && out.version != "HTTP/1.0")
    return refuse(505, "only HTTP/1.0 and 1.1 are spoken");

  bool saw_length = false;
  for (std::string_view line = next_line(rest); !line.empty(); line = next_line(rest)) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
      return refuse(400, "malformed header line");
    const std::string name = lower(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-length") {
      std::size_t length = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (ec != std::errc() || end != value.data() + value.size() || value.empty() ||
          (saw_length && length != out.content_length))
        return refuse(400, "invalid Content-Length");
      out.content_length = length;
      saw_length = true;
    }
    auto [it, inserted] = out.headers.try_emplace(name, value);
    if (!inserted) it->second += ", " + std::string(value);
  }
  if (out.headers.contains("transfer-encoding"))
    return refuse(501, "Transfer-Encoding is not supported by the fake; send Content-Length");

  const auto connection = out.headers.find("connection");
  const std::string_view tokens = connection == out.headers.end() ? "" : std::string_view(connection->second);
  out.keep_alive = out.version == "HTTP/1.1" ? !has_token(tokens, "close") : has_token(tokens, "keep-alive");
  const auto expect = out.headers.find("expect");
  out.expects_continue = expect != out.headers.end() && lower(expect->second) == "100-continue";
  return out;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 413:
      return "Payload Too Large";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 505:
      return "HTTP Version Not Supported";
    case 529:
      return "Site Overloaded";
    default:
      return "Unknown";
  }
}

std::string response_head(const HttpResponse& response, std::size_t declared_length, bool keep_alive) {
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " +
                    std::string(reason_phrase(response.status)) + "\r\n";
  for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
  out += "content-length: " + std::to_string(declared_length) + "\r\n";
  out += keep_alive ? "connection: keep-alive\r\n\r\n" : "connection: close\r\n\r\n";
  return out;
}

}  // namespace dq::testing
