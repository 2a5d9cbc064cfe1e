#pragma once
// The data behind the bot's inline buttons (1-64 bytes, Telegram's limit), and its validation: clients can
// send any bytes, so parse() accepts only what make_*() produce and rejects the rest (nullopt).
//   sc:<scenario id>        choose a scenario
//   tp:<page>               admin: show a page of traces
//   at:<nonce>:y | :n       admin: confirm or cancel a pending scenario test
//   rs:<nonce>:y | :n       start over (y) or go on with (n) the negotiation whose negotiation_nonce() it is

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

struct Restart {
  std::string nonce;
  bool start_over = false;
};

struct ButtonAction {
  enum class Kind { choose_scenario, traces_page, confirm_test, restart } kind;
  ChooseScenario choose;
  TracesPage traces;
  ConfirmTest confirm;
  Restart restart = {};
};

inline constexpr std::size_t kMaxCallbackBytes = 64;

std::string make_choose(std::string_view scenario_id);
std::string make_traces_page(int page);
std::string make_confirm(std::string_view nonce, bool confirmed);
std::string make_restart(std::string_view nonce, bool start_over);

// Eight hex digits that tell one negotiation (its conversation id) from the next, for the restart buttons:
// the answer to an old "Start over?" cannot end a negotiation begun after it.
std::string negotiation_nonce(std::string_view conversation_id);

std::optional<ButtonAction> parse_button(std::string_view data);

}  // namespace dq::chat
