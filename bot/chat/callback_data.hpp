#pragma once
// The data behind the bot's inline buttons (1-64 bytes, Telegram's limit), and its validation: clients can
// send any bytes, so parse() accepts only what make_*() produce and rejects the rest (nullopt).
//   sc:<scenario id>        choose a scenario
//   tp:<page>               admin: show a page of traces
//   at:<nonce>:y | :n       admin: confirm or cancel a pending scenario test

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dq::chat {

struct ChooseScenario {
  std::string scenario;
};
struct TracesPage {
  int page = 1;
};
struct ConfirmTest {
  std::string nonce;
  bool confirmed = false;
};

struct ButtonAction {
  enum class Kind { choose_scenario, traces_page, confirm_test } kind;
  ChooseScenario choose;
  TracesPage traces;
  ConfirmTest confirm;
};

inline constexpr std::size_t kMaxCallbackBytes = 64;

std::string make_choose(std::string_view scenario_id);
std::string make_traces_page(int page);
std::string make_confirm(std::string_view nonce, bool confirmed);

std::optional<ButtonAction> parse_button(std::string_view data);

}  // namespace dq::chat
