#include "bot/chat/callback_data.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>

namespace dq::chat {
namespace {

bool is_slug(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}

// "<nonce>:y" or "<nonce>:n" (the nonce a slug of at most 32 characters): the nonce and the answer.
std::optional<std::pair<std::string, bool>> parse_answer(std::string_view rest) {
  if (rest.size() < 3 || rest[rest.size() - 2] != ':') return std::nullopt;
  const char answer = rest.back();
  const std::string_view nonce = rest.substr(0, rest.size() - 2);
  if ((answer != 'y' && answer != 'n') || !is_slug(nonce, 32)) return std::nullopt;
  return std::pair{std::string(nonce), answer == 'y'};
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

std::string make_restart(std::string_view nonce, bool start_over) {
  return "rs:" + std::string(nonce) + (start_over ? ":y" : ":n");
}

std::string negotiation_nonce(std::string_view conversation_id) {
  std::uint32_t h = 2166136261u;  // FNV-1a: stable across builds and restarts, unlike std::hash
  for (char c : conversation_id) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  char out[9];
  std::snprintf(out, sizeof out, "%08x", static_cast<unsigned>(h));
  return out;
}

std::optional<ButtonAction> parse_button(std::string_view data) {
  if (data.size() > kMaxCallbackBytes || data.size() < 4 || data[2] != ':') return std::nullopt;
  const std::string_view kind = data.substr(0, 2), rest = data.substr(3);
  if (kind == "sc") {
    if (!is_slug(rest, kMaxCallbackBytes - 3)) return std::nullopt;
    return ButtonAction{ButtonAction::Kind::choose_scenario, {std::string(rest)}, {}, {}, {}};
  }
  if (kind == "tp") {
    // make_traces_page writes no leading zero, so none is accepted: "tp:007" would be a second spelling of
    // page 7, and parse() takes only what make_*() produce (found by fuzz/callback_data_fuzz.cpp).
    if (rest.front() == '0') return std::nullopt;
    int page = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), page);
    if (ec != std::errc() || end != rest.data() + rest.size() || page < 1 || page > 10'000'000)
      return std::nullopt;
    return ButtonAction{ButtonAction::Kind::traces_page, {}, {page}, {}, {}};
  }
  if (kind == "at") {
    auto answer = parse_answer(rest);
    if (!answer) return std::nullopt;
    return ButtonAction{ButtonAction::Kind::confirm_test, {}, {}, {answer->first, answer->second}, {}};
  }
  if (kind == "rs") {
    auto answer = parse_answer(rest);
    if (!answer) return std::nullopt;
    return ButtonAction{ButtonAction::Kind::restart, {}, {}, {}, {answer->first, answer->second}};
  }
  return std::nullopt;
}

}  // namespace dq::chat
