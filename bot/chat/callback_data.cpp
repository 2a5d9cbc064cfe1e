#include "bot/chat/callback_data.hpp"

#include <charconv>

namespace dq::chat {
namespace {

bool is_slug(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}

}  // namespace

std::string make_choose(std::string_view scenario_id) {
  return "sc:" + std::string(scenario_id);
}

std::string make_traces_page(int page) {
  return "tp:" + std::to_string(page);
}

std::string make_confirm(std::string_view nonce, bool confirmed) {
  return "at:" + std::string(nonce) + (confirmed ? ":y" : ":n");
}

std::optional<ButtonAction> parse_button(std::string_view data) {
  if (data.size() > kMaxCallbackBytes || data.size() < 4 || data[2] != ':') return std::nullopt;
  const std::string_view kind = data.substr(0, 2), rest = data.substr(3);
  if (kind == "sc") {
    if (!is_slug(rest, kMaxCallbackBytes - 3)) return std::nullopt;
    return ButtonAction{ButtonAction::Kind::choose_scenario, {std::string(rest)}, {}, {}};
  }
  if (kind == "tp") {
    // make_traces_page writes no leading zero, so none is accepted: "tp:007" would be a second spelling of
    // page 7, and parse() takes only what make_*() produce (found by fuzz/callback_data_fuzz.cpp).
    if (rest.front() == '0') return std::nullopt;
    int page = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), page);
    if (ec != std::errc() || end != rest.data() + rest.size() || page < 1 || page > 10'000'000)
      return std::nullopt;
    return ButtonAction{ButtonAction::Kind::traces_page, {}, {page}, {}};
  }
  if (kind == "at") {
    if (rest.size() < 3 || rest[rest.size() - 2] != ':') return std::nullopt;
    const char answer = rest.back();
    const std::string_view nonce = rest.substr(0, rest.size() - 2);
    if ((answer != 'y' && answer != 'n') || !is_slug(nonce, 32)) return std::nullopt;
    return ButtonAction{ButtonAction::Kind::confirm_test, {}, {}, {std::string(nonce), answer == 'y'}};
  }
  return std::nullopt;
}

}  // namespace dq::chat
