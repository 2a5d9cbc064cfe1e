#include "bot/http/http_types.hpp"

#include <cctype>

namespace dq::http {

std::string Response::header(std::string_view name) const {
  for (const auto& h : headers) {
    if (h.name.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(h.name[i])) ==
             std::tolower(static_cast<unsigned char>(name[i]));
    if (same) return h.value;
  }
  return {};
}

std::string url_path(std::string_view url) {
  if (auto q = url.find_first_of("?#"); q != std::string_view::npos) url = url.substr(0, q);
  std::size_t start = 0;
  if (auto scheme = url.find("://"); scheme != std::string_view::npos)
    start = url.find('/', scheme + 3);
  else
    start = url.find('/');
  if (start == std::string_view::npos) return "/";
  return std::string(url.substr(start));
}

}  // namespace dq::http
